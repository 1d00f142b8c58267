package io.remoteservice.agent.campaign;

import io.remoteservice.agent.inventory.Customer;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a campaign will do, computed before approval: the targets per customer and pool, the canary, the
 * order in which the pools' capacity lets the rest start, and what the preflight found. A tree of records,
 * so that it serialises to JSON as it is; {@link #toMarkdown()} renders it for the approval form.
 *
 * @param job             the job and its frozen digest
 * @param targetCount     servers in the campaign
 * @param customers       targets per customer, then per pool, in the order the targets name them
 * @param canary          the canary servers, run first
 * @param rounds          the rest, in rounds: each round is what may run at once under the parallelism and
 *                        every pool's capacity; a round lasts about one server's maintenance
 * @param order           the rounds one after the other: the order in which the servers start
 * @param canaryRounds    estimated rounds for the canary
 * @param estimatedRounds canary plus rollout rounds
 * @param platforms       per probed server its platform ({@code os-release-arch}), or absent
 * @param findings        errors (the campaign cannot run as planned) and warnings, per server or pool
 */
public record Plan(PlannedJob job, int targetCount, List<CustomerPlan> customers, List<String> canary,
                   List<List<String>> rounds, List<String> order, int canaryRounds, int estimatedRounds,
                   int parallelism, String failureBudget, int failureBudgetLimit, String windowStart,
                   String windowEnd, boolean preflightChecked, Map<String, String> platforms,
                   List<Finding> findings) {

  /**
   * One pool's part.
   *
   * @param poolSize all servers of the pool, targets or not: the capacity refers to them
   * @param atOnce   how many of its servers may be out at once ({@code maxUnavailable} and
   *                 {@code minAvailable} applied); 0 means none of its targets can ever start
   * @param waves    its non-canary targets in groups of {@code atOnce}
   */
  public record PoolPlan(String id, String customer, String driver, int poolSize, List<String> servers,
                         List<String> canary, String maxUnavailable, int minAvailable, int atOnce,
                         List<List<String>> waves) {}

  public record CustomerPlan(String id, String name, List<String> contacts, int servers, List<PoolPlan> pools) {}

  public enum Severity { ERROR, WARNING }

  /** @param subject a server or pool id */
  public record Finding(Severity severity, String subject, String message) {
    @Override
    public String toString() {
      return severity + " " + subject + ": " + message;
    }
  }

  /**
   * Computes the plan.
   *
   * @param targets   the resolved targets ({@link TargetSelector#select(String)}), in their order
   * @param preflight per server id its preflight result; null when there was no preflight (then platform
   *                  compatibility is not checked)
   */
  public static Plan compute(Inventory inventory, PlannedJob job, List<Server> targets, CampaignSettings settings,
                             Map<String, PreflightResult> preflight) {
    List<Finding> findings = new ArrayList<>();
    Map<String, String> platforms = new TreeMap<>();
    Set<String> unfit = new LinkedHashSet<>();
    if (preflight != null) {
      for (Server s : targets) {
        PreflightResult r = preflight.get(s.id());
        if (r == null) {
          findings.add(new Finding(Severity.WARNING, s.id(), "not probed by the preflight"));
          unfit.add(s.id());
        } else if (!r.ok()) {
          findings.add(new Finding(Severity.WARNING, s.id(), "preflight failed: " + r.error()
              + "; the server will end NOT_CHANGED and count against the failure budget"));
          unfit.add(s.id());
        } else {
          platforms.put(s.id(), r.platform().toString());
          if (!job.supports(r.platform())) {
            findings.add(new Finding(Severity.ERROR, s.id(), "job " + job.id() + " requires " + job.requires()
                + ", but the server runs " + r.platform() + " (family " + r.platform().family()
                + "); remove it from the targets"));
            unfit.add(s.id());
          }
        }
      }
    }

    // Pools in the order the targets first name them; servers in target order.
    Map<String, List<Server>> byPool = new LinkedHashMap<>();
    targets.forEach(s -> byPool.computeIfAbsent(s.pool(), k -> new ArrayList<>()).add(s));
    Map<String, Integer> atOnce = new LinkedHashMap<>();
    byPool.forEach((poolId, servers) -> {
      Pool pool = inventory.poolOf(servers.get(0));
      int size = inventory.serversOf(poolId).size();
      int allowed = pool.capacity().allowedUnavailable(size);
      atOnce.put(poolId, allowed);
      if (allowed == 0) {
        findings.add(new Finding(Severity.ERROR, poolId, "the pool's capacity lets no server out (maxUnavailable "
            + pool.capacity().maxUnavailable() + ", minAvailable " + pool.capacity().minAvailable() + ", "
            + size + " servers), so its " + servers.size() + " target(s) could never start; change the"
            + " inventory or leave the pool out"));
        servers.forEach(s -> unfit.add(s.id()));
      }
    });

    List<String> canary = chooseCanary(byPool, Math.min(settings.canary(), targets.size()), unfit);
    Set<String> canarySet = new LinkedHashSet<>(canary);

    Map<String, Deque<String>> rest = new LinkedHashMap<>();
    Map<String, Deque<String>> canaryQueue = new LinkedHashMap<>();
    byPool.forEach((poolId, servers) -> {
      rest.put(poolId, new ArrayDeque<>(servers.stream().map(Server::id).filter(id -> !canarySet.contains(id))
          .toList()));
      canaryQueue.put(poolId, new ArrayDeque<>(servers.stream().map(Server::id).filter(canarySet::contains)
          .toList()));
    });
    List<List<String>> canaryRounds = simulate(canaryQueue, atOnce, settings.parallelism());
    List<List<String>> rounds = simulate(rest, atOnce, settings.parallelism());
    List<String> order = rounds.stream().flatMap(List::stream).toList();

    Map<String, CustomerPlanBuilder> customers = new LinkedHashMap<>();
    byPool.forEach((poolId, servers) -> {
      Pool pool = inventory.poolOf(servers.get(0));
      List<String> ids = servers.stream().map(Server::id).toList();
      List<String> rolled = ids.stream().filter(id -> !canarySet.contains(id)).toList();
      int allowed = atOnce.get(poolId);
      PoolPlan plan = new PoolPlan(poolId, pool.customer(), pool.driver().name().toLowerCase(Locale.ROOT),
          inventory.serversOf(poolId).size(), ids, ids.stream().filter(canarySet::contains).toList(),
          pool.capacity().maxUnavailable().toString(), pool.capacity().minAvailable(), allowed,
          allowed == 0 ? List.of() : chunk(rolled, allowed));
      customers.computeIfAbsent(pool.customer(), id -> new CustomerPlanBuilder(inventory.customer(id)
          .orElse(new Customer(id, id, List.of())))).pools.add(plan);
    });

    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    return new Plan(job, targets.size(), customers.values().stream().map(CustomerPlanBuilder::build).toList(),
        canary, rounds, order, canaryRounds.size(), canaryRounds.size() + rounds.size(), settings.parallelism(),
        settings.failureBudget().toString(), settings.failureBudget().limit(targets.size()),
        settings.windowStart().format(iso), settings.windowEnd() == null ? null : settings.windowEnd().format(iso),
        preflight != null, java.util.Collections.unmodifiableMap(platforms), List.copyOf(findings));
  }

  /** The findings that keep the campaign from running as planned. */
  public List<Finding> errors() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
  }

  public boolean executable() {
    return errors().isEmpty();
  }

  /**
   * The canary spreads over pools: one server of each pool in turn (pools and servers in target order),
   * preferring servers whose preflight found nothing and whose pool can let them out, so that a canary
   * failure says something about the job rather than about a server already known to be unfit.
   */
  static List<String> chooseCanary(Map<String, List<Server>> byPool, int count, Set<String> unfit) {
    List<String> chosen = new ArrayList<>();
    for (boolean fitOnly : new boolean[] {true, false}) {
      List<Deque<String>> queues = byPool.values().stream().map(servers -> (Deque<String>) new ArrayDeque<>(
          servers.stream().map(Server::id).filter(id -> !chosen.contains(id))
              .filter(id -> !fitOnly || !unfit.contains(id)).toList())).toList();
      boolean any = true;
      while (chosen.size() < count && any) {
        any = false;
        for (Deque<String> q : queues) {
          if (chosen.size() < count && !q.isEmpty()) {
            chosen.add(q.poll());
            any = true;
          }
        }
      }
    }
    return List.copyOf(chosen);
  }

  /**
   * Rounds as the campaign would run them if every server took equally long: each round takes, pool by
   * pool in turn, up to the pool's capacity, and no more than the parallelism in all. Pools whose capacity
   * is 0 are left out (an ERROR finding says so).
   */
  static List<List<String>> simulate(Map<String, Deque<String>> queues, Map<String, Integer> atOnce,
                                     int parallelism) {
    Map<String, Deque<String>> left = new LinkedHashMap<>();
    queues.forEach((pool, q) -> {
      if (atOnce.get(pool) > 0 && !q.isEmpty()) {
        left.put(pool, new ArrayDeque<>(q));
      }
    });
    List<List<String>> rounds = new ArrayList<>();
    List<String> pools = new ArrayList<>(left.keySet());
    int next = 0;
    while (!left.isEmpty()) {
      List<String> round = new ArrayList<>();
      Map<String, Integer> taken = new LinkedHashMap<>();
      boolean progress = true;
      // One server per pool in turn, starting after the pool served last, so that a parallelism smaller
      // than the number of pools is shared between them over the rounds.
      while (round.size() < parallelism && progress) {
        progress = false;
        for (int i = 0; i < pools.size() && round.size() < parallelism; i++) {
          int index = (next + i) % pools.size();
          String pool = pools.get(index);
          Deque<String> q = left.get(pool);
          int t = taken.getOrDefault(pool, 0);
          if (q != null && !q.isEmpty() && t < atOnce.get(pool)) {
            round.add(q.poll());
            taken.put(pool, t + 1);
            progress = true;
            if (round.size() == parallelism) {
              next = index + 1;
            }
          }
        }
      }
      left.values().removeIf(Deque::isEmpty);
      rounds.add(List.copyOf(round));
    }
    return List.copyOf(rounds);
  }

  private static List<List<String>> chunk(List<String> ids, int size) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += size) {
      chunks.add(List.copyOf(ids.subList(i, Math.min(ids.size(), i + size))));
    }
    return List.copyOf(chunks);
  }

  private static final class CustomerPlanBuilder {
    final Customer customer;
    final List<PoolPlan> pools = new ArrayList<>();

    CustomerPlanBuilder(Customer customer) {
      this.customer = customer;
    }

    CustomerPlan build() {
      return new CustomerPlan(customer.id(), customer.name(), customer.contacts(),
          pools.stream().mapToInt(p -> p.servers().size()).sum(), List.copyOf(pools));
    }
  }

  /** The plan for the approval form, in Markdown. */
  public String toMarkdown() {
    return PlanMarkdown.render(this);
  }
}
