package io.remoteservice.agent.process;

import io.remoteservice.agent.TestFiles;
import io.remoteservice.agent.fleet.Fleet;
import io.remoteservice.agent.fleet.FleetServer;
import io.remoteservice.agent.fleet.Layout;
import io.remoteservice.agent.fleet.PoolSpec;
import io.remoteservice.agent.fleet.RealSite;
import io.remoteservice.agent.job.JobPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One pool of real servers behind a real HAProxy, with the test job {@code prove-out-of-pool} in a jobs
 * directory of its own (so a test may change the package after approval) and an inventory that tells the
 * job where the load balancer's admin socket is: its AutoAction checks from inside that its own server
 * is in MAINT (safety invariant 1).
 */
final class MaintenanceFixture {

  static final String JOB = "prove-out-of-pool";

  final RealSite site;
  final Path jobs;
  final Path inventory;
  final String pool;

  MaintenanceFixture(String pool, int servers) {
    this(servers, pool);
  }

  /** Pools of {@code servers} servers each, behind one HAProxy; the first pool is {@link #pool}. */
  MaintenanceFixture(int servers, String... pools) {
    this.pool = pools[0];
    Fleet fleet = Fleet.shared();
    Layout layout = null;
    for (String id : pools) {
      PoolSpec spec = PoolSpec.haproxy(id, servers).capacity("1", servers - 1)
          .drain(Duration.ofSeconds(30), "proceed")
          .var("counter", "{files}/counter").var("state_file", "{files}/state")
          .var("fail_flag", "{files}/fail").var("revert_fail_flag", "{files}/revert-fail")
          .var("hold_flag", "{files}/hold");
      layout = layout == null ? Layout.of(spec) : layout.and(spec);
    }
    site = fleet.real(layout);
    Map<String, String> backends = new LinkedHashMap<>();
    site.layout().pools().forEach(p -> backends.put(p.id(), p.backend()));
    inventory = site.inventoryWriter().customize(tree -> {
      for (Object p : (List<?>) tree.get("pools")) {
        @SuppressWarnings("unchecked") Map<String, Object> poolMap = (Map<String, Object>) p;
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("lb_socket", site.haproxy().tcpSocket());
        vars.put("lb_backend", backends.get((String) poolMap.get("id")));
        poolMap.put("vars", vars);
      }
    }).writeTo(site.root().resolve("inventory-maintenance.yaml"));
    jobs = site.root().resolve("jobs");
    TestFiles.copyTree(Path.of("src/test/resources/it-jobs", JOB), jobs.resolve(JOB));
    for (FleetServer s : site.servers()) {
      write(s.files().resolve("state"), "version 1\n");
    }
  }

  String digest() {
    try {
      return JobPackage.load(jobs.resolve(JOB)).digest();
    } catch (Exception e) {
      throw new IllegalStateException("test job " + JOB + " does not load: " + e.getMessage(), e);
    }
  }

  List<FleetServer> servers() {
    return site.servers(pool);
  }

  String status(FleetServer server) {
    return site.haproxy().status(server.pool(), server.lbName());
  }

  /**
   * Waits until HAProxy reports the server plainly UP: right after its return a loaded machine may show a
   * passing state such as "UP 1/2" (a health check that was slow) for a moment.
   */
  void awaitUp(FleetServer server) {
    site.haproxy().awaitStatus(server.pool(), server.lbName(), "UP");
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long lines(Path file) {
    return read(file).lines().filter(l -> !l.isBlank()).count();
  }

}
