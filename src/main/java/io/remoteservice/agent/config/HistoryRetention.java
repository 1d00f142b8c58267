package io.remoteservice.agent.config;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps history as long as {@code rsa.history.retention} says, on every process definition: the BPMN
 * files carry the default as their {@code historyTimeToLive} so that they stand alone in the Modeler, and
 * this plugin applies the configured value to each deployed version, old ones included, at every start.
 */
@Component
class HistoryRetention extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
  private final int days;

  HistoryRetention(RsaProperties properties) {
    this.days = (int) properties.history().retention().toDays();
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryTimeToLive("P" + days + "D");
  }

  @EventListener
  public void onDeployed(PostDeployEvent event) {
    apply(event.getProcessEngine());
  }

  void apply(ProcessEngine engine) {
    RepositoryService repository = engine.getRepositoryService();
    int updated = 0;
    for (ProcessDefinition definition : repository.createProcessDefinitionQuery().list()) {
      if (definition.getHistoryTimeToLive() == null || definition.getHistoryTimeToLive() != days) {
        repository.updateProcessDefinitionHistoryTimeToLive(definition.getId(), days);
        updated++;
      }
    }
    if (updated > 0) {
      log.info("History time to live set to {} days on {} process definition(s)", days, updated);
    }
  }
}
