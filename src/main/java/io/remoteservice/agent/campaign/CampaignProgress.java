package io.remoteservice.agent.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's progress, as {@code GET /api/campaigns/{id}} returns it.
 *
 * @param campaignId the campaign's process instance id (also its business key)
 * @param jobId      the job
 * @param status     RUNNING, PAUSED, ABORTED (servers may still be finishing) or FINISHED
 * @param paused     whether new starts are held by a pause
 * @param aborted    whether the campaign was aborted
 * @param total      number of servers
 * @param counts     per state (every state, in the order of {@link ServerState}) how many servers are in it
 * @param budget     the failure budget now
 * @param servers    per server its state, in the campaign's order
 */
public record CampaignProgress(String campaignId, String jobId, Status status, boolean paused, boolean aborted,
                               int total, Map<ServerState, Integer> counts, FailureBudget budget,
                               List<ServerProgress> servers) {

  public enum Status { RUNNING, PAUSED, ABORTED, FINISHED }

  /**
   * One server.
   *
   * @param pool     its pool
   * @param customer its pool's customer
   * @param canary   whether it belongs to the canary
   * @param detail   a short reason where there is one (why SKIPPED, what failed); may be null
   */
  public record ServerProgress(String serverId, String pool, String customer, boolean canary, ServerState state,
                               String detail) {
    public ServerProgress {
      if (serverId == null || state == null) {
        throw new IllegalArgumentException("a server's progress needs its id and state");
      }
    }
  }

  public CampaignProgress {
    servers = List.copyOf(servers);
    counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /**
   * Computes counts, budget and status from the servers' states.
   *
   * @param finished whether the campaign's process has ended
   */
  public static CampaignProgress of(String campaignId, String jobId, BudgetSetting budget,
                                    List<ServerProgress> servers, boolean paused, boolean aborted,
                                    boolean finished) {
    Map<ServerState, Integer> counts = new LinkedHashMap<>();
    for (ServerState state : ServerState.values()) {
      counts.put(state, 0);
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (ServerProgress s : servers) {
      if (!seen.add(s.serverId())) {
        throw new IllegalArgumentException("server " + s.serverId() + " appears twice in campaign " + campaignId);
      }
      counts.merge(s.state(), 1, Integer::sum);
    }
    FailureBudget used = FailureBudget.of(budget, servers.stream().map(ServerProgress::state).toList());
    Status status = finished ? Status.FINISHED : aborted ? Status.ABORTED : paused ? Status.PAUSED : Status.RUNNING;
    return new CampaignProgress(campaignId, jobId, status, paused, aborted, servers.size(), counts, used, servers);
  }

  /**
   * Every target of a plan as PENDING, in the order the campaign starts them: the canary, then the rollout
   * order, then targets the plan could not schedule (a pool whose capacity lets no server out).
   */
  public static List<ServerProgress> initial(Plan plan) {
    Map<String, ServerProgress> servers = new LinkedHashMap<>();
    Map<String, Plan.PoolPlan> poolOf = new LinkedHashMap<>();
    plan.customers().forEach(c -> c.pools().forEach(p -> p.servers().forEach(s -> poolOf.put(s, p))));
    java.util.Set<String> canary = new java.util.HashSet<>(plan.canary());
    java.util.stream.Stream.of(plan.canary(), plan.order(), List.copyOf(poolOf.keySet()))
        .flatMap(List::stream)
        .forEach(id -> servers.computeIfAbsent(id, k -> new ServerProgress(k, poolOf.get(k).id(),
            poolOf.get(k).customer(), canary.contains(k), ServerState.PENDING, null)));
    return List.copyOf(servers.values());
  }

  /** Per server id its state, in the campaign's order: the input of {@link RerunSelection#from(Map)}. */
  public Map<String, ServerState> states() {
    Map<String, ServerState> states = new LinkedHashMap<>();
    servers.forEach(s -> states.put(s.serverId(), s.state()));
    return states;
  }

  /** Servers whose maintenance is over (neither PENDING nor RUNNING). */
  public int done() {
    return (int) servers.stream().filter(s -> s.state().done()).count();
  }

  public int failures() {
    return budget.used();
  }
}
