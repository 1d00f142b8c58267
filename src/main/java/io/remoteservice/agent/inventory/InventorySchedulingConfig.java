package io.remoteservice.agent.inventory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the periodic check of the inventory file; harmless when another capability turns it on too. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class InventorySchedulingConfig {}
