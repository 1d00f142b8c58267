package io.remoteservice.agent.process;

import io.remoteservice.agent.TestFiles;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.ServerStat;
import io.remoteservice.agent.fleet.SimulatedSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many simulated servers (one MINA server in the test JVM) in several haproxy pools behind one real
 * HAProxy, with the test job {@code prove-out-of-pool} in a jobs directory of its own and an inventory whose
 * pool vars point the job at that HAProxy ({@code lb_socket}, {@code lb_backend}): its AutoAction proves
 * from inside that its own server is MAINT. Per server, files under {@code files/}: {@code counter} (a line
 * per run), {@code state}, and the flags {@code fail}, {@code revert-fail}, {@code hold}.
 */
final class SimulatedCampaignFixture {

  static final String JOB = MaintenanceFixture.JOB;

  final SimulatedSite site;
  final Path jobs;
  final Path inventory;
  final Map<String, PoolSpec> pools = new LinkedHashMap<>();

  SimulatedCampaignFixture(PoolSpec... specs) {
    Layout layout = null;
    for (PoolSpec spec : specs) {
      spec.drain(Duration.ofSeconds(30), "proceed")
          .var("counter", "{files}/counter").var("state_file", "{files}/state")
          .var("fail_flag", "{files}/fail").var("revert_fail_flag", "{files}/revert-fail")
          .var("hold_flag", "{files}/hold");
      pools.put(spec.id(), spec);
      layout = layout == null ? Layout.of(spec) : layout.and(spec);
    }
    site = Fleet.shared().simulated(layout);
    String socket = site.haproxy().tcpSocket();
    inventory = site.inventoryWriter().customize(tree -> {
      for (Object p : (List<?>) tree.get("pools")) {
        @SuppressWarnings("unchecked") Map<String, Object> poolMap = (Map<String, Object>) p;
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("lb_socket", socket);
        vars.put("lb_backend", pools.get((String) poolMap.get("id")).backend());
        poolMap.put("vars", vars);
      }
    }).writeTo(site.root().resolve("inventory-campaign.yaml"));
    jobs = site.root().resolve("jobs");
    TestFiles.copyTree(Path.of("src/test/resources/it-jobs", JOB), jobs.resolve(JOB));
    reset();
  }

  /** Every server as new: no runs counted, state version 1, no flags. */
  void reset() {
    for (FleetServer s : site.servers()) {
      for (String flag : List.of("counter", "fail", "revert-fail", "hold", "state.bak")) {
        delete(s.files().resolve(flag));
      }
      MaintenanceFixture.write(s.files().resolve("state"), "version 1\n");
    }
  }

  List<FleetServer> servers() {
    return site.servers();
  }

  FleetServer server(String id) {
    return site.server(id);
  }

  long runs(FleetServer server) {
    return MaintenanceFixture.lines(server.files().resolve("counter"));
  }

  void flag(FleetServer server, String flag) {
    MaintenanceFixture.write(server.files().resolve(flag), "set by the test\n");
  }

  void unflag(FleetServer server, String flag) {
    delete(server.files().resolve(flag));
  }

  String status(FleetServer server) {
    return site.haproxy().status(server.pool(), server.lbName());
  }

  void awaitUp(FleetServer server) {
    site.haproxy().awaitStatus(server.pool(), server.lbName(), "UP");
  }

  /**
   * Reads HAProxy's {@code show stat} every 200 ms while a campaign runs and keeps, per pool, the fewest
   * servers that were serving users (status UP, also "UP 1/2": still in rotation) and the sample that showed
   * it.
   */
  CapacitySampler sampler() {
    return new CapacitySampler();
  }

  final class CapacitySampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "haproxy-capacity-sampler");
      t.setDaemon(true);
      return t;
    });
    final Map<String, Integer> minUp = new ConcurrentHashMap<>();
    final Map<String, String> worst = new ConcurrentHashMap<>();
    final AtomicInteger samples = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    volatile String lastError;

    CapacitySampler() {
      timer.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void sample() {
      try {
        List<ServerStat> stats = site.haproxy().stats();
        for (PoolSpec pool : pools.values()) {
          List<ServerStat> of = stats.stream().filter(s -> s.backend().equals(pool.backend())).toList();
          int up = (int) of.stream().filter(s -> s.status().startsWith("UP")).count();
          minUp.merge(pool.id(), up, (old, now) -> {
            if (now < old) {
              worst.put(pool.id(), of.stream().filter(s -> !s.status().startsWith("UP"))
                  .map(s -> s.server() + "=" + s.status()).toList().toString());
            }
            return Math.min(old, now);
          });
          worst.putIfAbsent(pool.id(), "[]");
        }
        samples.incrementAndGet();
      } catch (RuntimeException e) {
        errors.incrementAndGet();
        lastError = e.toString();
      }
    }

    String summary() {
      StringBuilder b = new StringBuilder();
      b.append(samples.get()).append(" samples (").append(errors.get()).append(" unreadable)");
      for (PoolSpec pool : pools.values()) {
        b.append("; ").append(pool.id()).append(": min UP ").append(minUp.get(pool.id())).append(" of ")
            .append(pool.servers()).append(" (minAvailable ").append(pool.minAvailable()).append(", not UP then: ")
            .append(worst.get(pool.id())).append(')');
      }
      return b.toString();
    }

    @Override
    public void close() {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
