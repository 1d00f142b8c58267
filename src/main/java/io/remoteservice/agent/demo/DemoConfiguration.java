package io.remoteservice.agent.demo;

import io.remoteservice.agent.config.RsaProperties;
import java.util.Arrays;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * The demo fleet, only under the {@code demo} profile. It comes up before anything reads the agent's
 * settings: {@code rsa.inventory} of the demo names the inventory the fleet writes at start.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);
  static final String FLEET = "demoFleet";

  @Bean(name = FLEET, destroyMethod = "close")
  DemoFleet demoFleet(DemoProperties settings) {
    DemoFleet fleet = DemoFleet.start(settings);
    log.info("Demo fleet up: {} servers, inventory {}", fleet.servers().size(), fleet.inventory());
    return fleet;
  }

  /** The settings (and with them the inventory) are read only once the fleet has written its inventory. */
  @Bean
  static BeanFactoryPostProcessor settingsAfterTheDemoFleet() {
    return factory -> {
      for (String name : factory.getBeanNamesForType(RsaProperties.class, true, false)) {
        BeanDefinition definition = factory.getBeanDefinition(name);
        String[] before = definition.getDependsOn() == null ? new String[0] : definition.getDependsOn();
        if (!Arrays.asList(before).contains(FLEET)) {
          definition.setDependsOn(Stream.concat(Arrays.stream(before), Stream.of(FLEET)).toArray(String[]::new));
        }
      }
    };
  }

  /** Before the users' block (IdentityBootstrap), so that the log ends with where to log in. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  void announce(ApplicationReadyEvent event) {
    log.info("\n\n{}", event.getApplicationContext().getBean(DemoFleet.class).summary());
  }
}
