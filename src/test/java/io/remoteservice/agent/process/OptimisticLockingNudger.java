package io.remoteservice.agent.process;

import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;

/**
 * WORKAROUND for a defect of the campaign diagram (reported with issue 7): children of a wave that end at
 * about the same time complete into the same multi-instance body, all but one fail with an
 * OptimisticLockingException (ENGINE-03005), and the engine retries them only after the failed step's retry
 * interval (R5/PT1M), all at the same moment, so they collide again. Every 500 ms this makes such a job due
 * at once (the engine's own retry, only sooner) and counts the jobs it touched.
 */
final class OptimisticLockingNudger implements AutoCloseable {

  private final ManagementService management;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "optimistic-locking-nudger");
    t.setDaemon(true);
    return t;
  });
  final Set<String> nudged = ConcurrentHashMap.newKeySet();

  OptimisticLockingNudger(ManagementService management) {
    this.management = management;
    timer.scheduleWithFixedDelay(this::nudge, 500, 500, TimeUnit.MILLISECONDS);
  }

  private void nudge() {
    try {
      Date now = new Date();
      for (Job job : management.createJobQuery().withException().list()) {
        String message = job.getExceptionMessage();
        if (message != null && message.contains("ENGINE-03005") && job.getDuedate() != null
            && job.getDuedate().after(now)) {
          management.setJobDuedate(job.getId(), now);
          nudged.add(job.getId());
        }
      }
    } catch (RuntimeException e) {
      // The job may have run meanwhile; the next round looks again.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
