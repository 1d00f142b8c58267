package io.remoteservice.agent.process;

import io.remoteservice.agent.pool.CapacityGuard;
import io.remoteservice.agent.pool.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A capacity lease belongs to a process instance. When the instance is gone — it ended, was cancelled by
 * an operator, or its node crashed and somebody deleted it — the lease goes too, so that a pool never
 * stays short of capacity for nothing. Runs on every node; releasing is idempotent.
 */
@Component
class LeaseJanitor {

  /** A lease younger than this is left alone: its owner may not be committed yet. */
  static final Duration GRACE = Duration.ofMinutes(2);

  private final CapacityGuard capacity;
  private final RuntimeService runtime;

  LeaseJanitor(CapacityGuard capacity, RuntimeService runtime) {
    this.capacity = capacity;
    this.runtime = runtime;
  }

  @Scheduled(fixedDelayString = "${rsa.lease-cleanup-interval:PT1M}", initialDelayString = "PT30S")
  void releaseLeasesOfEndedInstances() {
    List<Lease> leases = capacity.leases();
    if (leases.isEmpty()) {
      return;
    }
    Set<String> owners = new HashSet<>();
    leases.forEach(l -> owners.add(l.owner()));
    Set<String> live = new HashSet<>();
    runtime.createProcessInstanceQuery().processInstanceIds(owners).list().forEach(pi -> live.add(pi.getId()));
    capacity.cleanup(live, Instant.now().minus(GRACE));
  }
}
