package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.HaproxySettings;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.pool.HaproxyReplies.ServerRow;
import io.remoteservice.agent.pool.HaproxyReplies.StatRow;
import io.remoteservice.agent.pool.ReconcileReport.ReconcileFix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy through its Runtime API, on every load balancer of the pool. Each verb first asks every
 * balancer for the server (so a balancer that does not answer, or a server it does not know, stops the
 * verb before anything changes), then sends the command to all of them.
 */
final class HaproxyDriver implements PoolDriver {

  private static final Logger log = LoggerFactory.getLogger(HaproxyDriver.class);

  private final Pool pool;
  private final HaproxySettings settings;
  private final List<RuntimeApi> lbs;

  HaproxyDriver(Pool pool, Function<String, RuntimeApi> connect) {
    this.pool = pool;
    this.settings = pool.haproxy();
    this.lbs = settings.sockets().stream().map(connect).toList();
  }

  HaproxyDriver(Pool pool) {
    this(pool, socket -> new RuntimeApi(socket, pool.haproxy().timeout()));
  }

  @Override
  public ActionResult drain(Server server) {
    return setState(server, "drain", "drains (no new users; sticky users still come)");
  }

  @Override
  public ActionResult disable(Server server) {
    ActionResult result = setState(server, "maint", "is in maintenance (no traffic)");
    if (!pool.drain().shutdownSessions()) {
      return result;
    }
    String command = "shutdown sessions server " + settings.backend() + "/" + server.lbName();
    for (RuntimeApi lb : lbs) {
      HaproxyReplies.expectEmpty(lb.send(command), lb.address(), settings.backend(), server.lbName(), command);
    }
    List<String> notes = new ArrayList<>(result.notes());
    notes.add("the sessions still open on " + server.lbName() + " were cut (pool drain policy shutdownSessions)");
    return ActionResult.done(result.summary(), notes);
  }

  @Override
  public ActionResult enable(Server server) {
    return setState(server, "ready", "is ready again; wait until every load balancer reports it UP");
  }

  private ActionResult setState(Server server, String state, String what) {
    Map<RuntimeApi, ServerRow> rows = locate(server);
    String command = "set server " + settings.backend() + "/" + server.lbName() + " state " + state;
    List<String> done = new ArrayList<>();
    for (RuntimeApi lb : lbs) {
      try {
        HaproxyReplies.expectEmpty(lb.send(command), lb.address(), settings.backend(), server.lbName(), command);
      } catch (PoolDriverException e) {
        throw new PoolDriverException(e.getMessage() + (done.isEmpty() ? "" : "; already done on " + done
            + ": run the step again to bring all load balancers in line"), e);
      }
      done.add(lb.address());
    }
    log.info("pool {} server {} ({}): {} on {}", pool.id(), server.id(), server.lbName(), state, done);
    return ActionResult.done(server.id() + " " + what + " on " + done, downNotes(server, rows));
  }

  /** A server whose health check fails is still taken out; the operator is told instead of an error. */
  private List<String> downNotes(Server server, Map<RuntimeApi, ServerRow> rows) {
    List<String> notes = new ArrayList<>();
    rows.forEach((lb, row) -> {
      if (row.down()) {
        notes.add(server.lbName() + " is DOWN on " + lb.address() + " (its health check fails: powered off or"
            + " unreachable?); the load balancer commands do not need the server itself, so this is not an error");
      }
    });
    return notes;
  }

  /** Every balancer's row for the server; fails before any change when one does not answer or know it. */
  private Map<RuntimeApi, ServerRow> locate(Server server) {
    Map<RuntimeApi, ServerRow> rows = new LinkedHashMap<>();
    for (RuntimeApi lb : lbs) {
      Map<String, ServerRow> state = HaproxyReplies.serversState(
          lb.send("show servers state " + settings.backend()), lb.address(), settings.backend());
      ServerRow row = state.get(server.lbName());
      if (row == null) {
        throw new PoolDriverException("HAProxy at " + lb.address() + " has no server '" + server.lbName()
            + "' in backend " + settings.backend() + " (server " + server.id() + " of pool " + pool.id()
            + "; it has " + state.keySet() + "); fix lbName in the inventory. Nothing was changed.");
      }
      rows.put(lb, row);
    }
    return rows;
  }

  /**
   * Removes the server's stick entries except those of users with a session open on it right now.
   * HAProxy itself keeps only entries a session tracks ({@code track-sc}); with {@code stick on src} an
   * entry is not referenced between requests, so clearing by server id alone would also send a user whose
   * session is still open to another server on their next connection. For address-keyed tables the
   * driver therefore clears entry by entry, skipping the addresses {@code show sess} shows on the
   * server; other tables are cleared by server id and HAProxy keeps the tracked ones.
   */
  @Override
  public ActionResult clearSticky(Server server) {
    Map<RuntimeApi, ServerRow> rows = locate(server);
    List<String> notes = new ArrayList<>();
    int cleared = 0;
    int kept = 0;
    for (Map.Entry<RuntimeApi, ServerRow> e : rows.entrySet()) {
      RuntimeApi lb = e.getKey();
      String filter = "data.server_id eq " + e.getValue().id();
      HaproxyReplies.Table table = HaproxyReplies.table(lb.send("show table " + settings.table() + " " + filter),
          lb.address(), settings.table());
      List<String> inUse = new ArrayList<>();
      if (table.type().equals("ip") || table.type().equals("ipv6")) {
        java.util.Set<String> active = HaproxyReplies.sessionSources(lb.send("show sess"), settings.backend(),
            server.lbName());
        for (String key : table.keys()) {
          if (active.contains(key)) {
            inUse.add(key);
            continue;
          }
          String clear = "clear table " + settings.table() + " key " + key;
          HaproxyReplies.expectEmpty(lb.send(clear), lb.address(), settings.backend(), server.lbName(), clear);
          cleared++;
        }
      } else {
        String clear = "clear table " + settings.table() + " " + filter;
        HaproxyReplies.expectEmpty(lb.send(clear), lb.address(), settings.backend(), server.lbName(), clear);
        HaproxyReplies.Table left = HaproxyReplies.table(lb.send("show table " + settings.table() + " " + filter),
            lb.address(), settings.table());
        cleared += table.keys().size() - left.keys().size();
        inUse.addAll(left.keys());
      }
      if (!inUse.isEmpty()) {
        kept += inUse.size();
        notes.add(inUse.size() + " sticky entries for " + server.lbName() + " on " + lb.address()
            + " are still in use by open sessions; they are cleared on a later round, once those end");
      }
    }
    return ActionResult.done("sticky entries of " + server.id() + " on " + lbs.size() + " load balancer(s): "
        + cleared + " cleared, " + kept + " still in use", notes);
  }

  @Override
  public SessionCount sessions(Server server) {
    ServerState state = state(server);
    StringBuilder detail = new StringBuilder();
    state.lbs().forEach(l -> detail.append(detail.isEmpty() ? "" : ", ").append(l.lb()).append(": ")
        .append(l.sessions()));
    return new SessionCount(state.sessions(), detail.toString());
  }

  @Override
  public ServerState state(Server server) {
    List<LbState> out = new ArrayList<>();
    for (RuntimeApi lb : lbs) {
      StatRow row = stat(lb).stream()
          .filter(r -> r.backend().equals(settings.backend()) && r.server().equals(server.lbName()))
          .findFirst()
          .orElseThrow(() -> new PoolDriverException("HAProxy at " + lb.address() + " has no server '"
              + server.lbName() + "' in backend " + settings.backend() + " (server " + server.id() + " of pool "
              + pool.id() + "); fix lbName or haproxy.backend in the inventory"));
      out.add(lbState(lb, row));
    }
    return new ServerState(server.id(), server.lbName(), out);
  }

  @Override
  public List<ServerState> states(List<Server> servers) {
    Map<String, List<LbState>> byServer = new LinkedHashMap<>();
    servers.forEach(s -> byServer.put(s.id(), new ArrayList<>()));
    for (RuntimeApi lb : lbs) {
      List<StatRow> rows;
      try {
        rows = stat(lb);
      } catch (PoolDriverException e) {
        byServer.values().forEach(l -> l.add(LbState.error(lb.address(), e.getMessage())));
        continue;
      }
      for (Server s : servers) {
        byServer.get(s.id()).add(rows.stream()
            .filter(r -> r.backend().equals(settings.backend()) && r.server().equals(s.lbName()))
            .findFirst()
            .map(r -> lbState(lb, r))
            .orElse(LbState.error(lb.address(), "no server '" + s.lbName() + "' in backend " + settings.backend())));
      }
    }
    return servers.stream().map(s -> new ServerState(s.id(), s.lbName(), byServer.get(s.id()))).toList();
  }

  private static LbState lbState(RuntimeApi lb, StatRow row) {
    return new LbState(lb.address(), LbStatus.ofHaproxy(row.status()), row.status(), row.scur(), row.weight(), null);
  }

  private static List<StatRow> stat(RuntimeApi lb) {
    return HaproxyReplies.stat(lb.send("show stat"), lb.address());
  }

  @Override
  public ReconcileReport reconcile(Map<Server, AdminState> heldOut) {
    List<ReconcileFix> fixed = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (RuntimeApi lb : lbs) {
      Map<String, ServerRow> rows;
      try {
        rows = HaproxyReplies.serversState(lb.send("show servers state " + settings.backend()), lb.address(),
            settings.backend());
      } catch (PoolDriverException e) {
        errors.add(e.getMessage());
        continue;
      }
      for (Map.Entry<Server, AdminState> e : heldOut.entrySet()) {
        Server server = e.getKey();
        ServerRow row = rows.get(server.lbName());
        if (row == null) {
          errors.add("HAProxy at " + lb.address() + " has no server '" + server.lbName() + "' in backend "
              + settings.backend() + " (server " + server.id() + ")");
          continue;
        }
        // MAINT is stricter than DRAIN: a server wanted in drain that is in maint is left alone.
        if (row.has(e.getValue()) || e.getValue() == AdminState.DRAIN && row.has(AdminState.MAINT)) {
          continue;
        }
        String state = e.getValue() == AdminState.MAINT ? "maint" : "drain";
        String command = "set server " + settings.backend() + "/" + server.lbName() + " state " + state;
        try {
          HaproxyReplies.expectEmpty(lb.send(command), lb.address(), settings.backend(), server.lbName(), command);
          fixed.add(new ReconcileFix(lb.address(), server.id(), server.lbName(), e.getValue(), row.adminState()));
          log.warn("pool {} server {}: HAProxy at {} had lost its {} state (admin state {}); set it again",
              pool.id(), server.id(), lb.address(), state, row.adminState());
        } catch (PoolDriverException ex) {
          errors.add(ex.getMessage());
        }
      }
    }
    return new ReconcileReport(fixed, errors);
  }
}
