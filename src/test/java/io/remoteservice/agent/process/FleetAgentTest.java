package io.remoteservice.agent.process;

import io.remoteservice.agent.AgentTest;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetExtension;
import io.remoteservice.agent.fleet.TestDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The whole agent as production runs it (profile {@code postgres}, configured through {@code RSA_DB_*},
 * {@code rsa.inventory}, {@code rsa.jobs}) against the test fleet, with short engine timers. The test
 * class registers its database, inventory and jobs with {@link Registration#register} in a {@code @DynamicPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FleetExtension.class)
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "rsa.admin.user=" + AgentTest.ADMIN, "rsa.admin.password=" + AgentTest.PASSWORD,
    "rsa.timers.auto-action-poll=PT1S", "rsa.timers.drain-poll=PT1S", "rsa.timers.capacity-retry=PT1S",
    "rsa.timers.up-poll=PT1S",
    "camunda.bpm.job-execution.wait-time-in-millis=200", "camunda.bpm.job-execution.max-wait=1000"})
@interface FleetAgentTest {

  /** What the test class registers in its {@code @DynamicPropertySource}. */
  final class Registration {
    private Registration() {}

    /** A PostgreSQL database of its own for the test class, and the inventory and jobs it drives. */
    static void register(DynamicPropertyRegistry registry, Class<?> testClass, Path inventory, Path jobs) {
      TestDatabase db = Fleet.shared().postgres(testClass);
      registry.add("RSA_DB_URL", db::url);
      registry.add("RSA_DB_USER", db::user);
      registry.add("RSA_DB_PASSWORD", db::password);
      registry.add("rsa.inventory", inventory::toString);
      registry.add("rsa.jobs", jobs::toString);
    }
  }
}
