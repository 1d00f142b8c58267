package io.remoteservice.agent.pool;

import java.util.List;

/**
 * What a reconcile found and fixed.
 *
 * @param fixed  the servers whose admin state had been lost and was set again
 * @param errors what could not be checked or fixed (a load balancer that does not answer, ...)
 */
public record ReconcileReport(List<ReconcileFix> fixed, List<String> errors) {

  public ReconcileReport {
    fixed = List.copyOf(fixed);
    errors = List.copyOf(errors);
  }

  /**
   * One re-asserted server.
   *
   * @param found the admin state bitmask the load balancer had (HAProxy: 0 ready, 1 maint, 8 drain)
   */
  public record ReconcileFix(String lb, String serverId, String lbName, AdminState desired, int found) {}
}
