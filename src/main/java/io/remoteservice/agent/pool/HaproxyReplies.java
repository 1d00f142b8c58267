package io.remoteservice.agent.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing of HAProxy 2.6 Runtime API replies. Anything that is not the expected shape is an
 * error that quotes the reply, never a silent success.
 */
final class HaproxyReplies {

  private HaproxyReplies() {}

  /** One server row of {@code show servers state B}. */
  record ServerRow(String backend, int id, String name, int opState, int adminState) {

    static final int ADMIN_MAINT = 0x01;
    static final int ADMIN_DRAIN = 0x08;

    /** Operational state 0 is stopped: the health check fails (powered off, unreachable). */
    boolean down() {
      return opState == 0;
    }

    boolean has(AdminState state) {
      return (adminState & (state == AdminState.MAINT ? ADMIN_MAINT : ADMIN_DRAIN)) != 0;
    }
  }

  /** One server row of {@code show stat}. */
  record StatRow(String backend, String server, int scur, String status, Integer weight) {}

  /**
   * Checks the reply of a command that answers nothing on success ({@code set server}, {@code clear
   * table}, {@code shutdown sessions}).
   */
  static void expectEmpty(String reply, String socket, String backend, String server, String command) {
    if (!reply.isBlank()) {
      throw new PoolDriverException("HAProxy at " + socket + " refused '" + command + "' (backend " + backend
          + ", server " + server + "): " + reply.strip());
    }
  }

  /**
   * Parses {@code show servers state B}: a version line, a {@code #} header, then one row per server
   * (column 1 backend id, 2 backend name, 3 server id, 4 server name, 6 operational state, 7 admin
   * state).
   */
  static Map<String, ServerRow> serversState(String reply, String socket, String backend) {
    List<String> lines = reply.strip().lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
      throw new PoolDriverException("HAProxy at " + socket + " did not list backend " + backend
          + " ('show servers state " + backend + "'): " + (reply.isBlank() ? "empty reply" : reply.strip()));
    }
    Map<String, ServerRow> rows = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.strip().split("\\s+");
      if (f.length < 7) {
        throw new PoolDriverException("HAProxy at " + socket + ": unexpected line in 'show servers state "
            + backend + "': " + line);
      }
      if (!f[1].equals(backend)) {
        continue;
      }
      try {
        rows.put(f[3], new ServerRow(f[1], Integer.parseInt(f[2]), f[3], Integer.parseInt(f[5]),
            Integer.parseInt(f[6])));
      } catch (NumberFormatException e) {
        throw new PoolDriverException("HAProxy at " + socket + ": unexpected line in 'show servers state "
            + backend + "': " + line);
      }
    }
    return rows;
  }

  /**
   * Parses {@code show stat} CSV. The header names the columns ({@code # pxname,svname,...}); HAProxy 2.6
   * has scur as field 5, status 18, weight 19. Only server rows (not FRONTEND/BACKEND) are returned.
   */
  static List<StatRow> stat(String reply, String socket) {
    List<String> lines = reply.strip().lines().toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("# pxname,svname,")) {
      throw new PoolDriverException("HAProxy at " + socket + " did not answer 'show stat' with CSV: "
          + (reply.isBlank() ? "empty reply" : abbreviate(reply.strip())));
    }
    String[] header = lines.get(0).substring(2).split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.putIfAbsent(header[i], i);
    }
    for (String needed : List.of("pxname", "svname", "scur", "status", "weight")) {
      if (!col.containsKey(needed)) {
        throw new PoolDriverException("HAProxy at " + socket + ": 'show stat' has no column " + needed);
      }
    }
    List<StatRow> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length < header.length - 1) {
        throw new PoolDriverException("HAProxy at " + socket + ": short line in 'show stat': " + abbreviate(line));
      }
      String sv = f[col.get("svname")];
      if (sv.equals("FRONTEND") || sv.equals("BACKEND")) {
        continue;
      }
      try {
        String weight = f[col.get("weight")];
        String scur = f[col.get("scur")];
        rows.add(new StatRow(f[col.get("pxname")], sv, scur.isEmpty() ? 0 : Integer.parseInt(scur),
            f[col.get("status")], weight.isEmpty() ? null : Integer.parseInt(weight)));
      } catch (NumberFormatException e) {
        throw new PoolDriverException("HAProxy at " + socket + ": unexpected numbers in 'show stat': "
            + abbreviate(line));
      }
    }
    return rows;
  }

  /** A stick table's type and the keys of its entries, from {@code show table T ...}. */
  record Table(String type, List<String> keys) {}

  static Table table(String reply, String socket, String table) {
    String r = reply.strip();
    if (!r.startsWith("# table: ")) {
      throw new PoolDriverException("HAProxy at " + socket + " did not show stick table " + table + ": "
          + (r.isEmpty() ? "empty reply" : abbreviate(r)) + "; set haproxy.table to the table that holds the"
          + " pool's sticky entries");
    }
    String header = r.lines().findFirst().orElse("");
    int t = header.indexOf("type: ");
    String type = t < 0 ? "" : header.substring(t + 6).split("[,\\s]")[0];
    List<String> keys = new ArrayList<>();
    for (String line : r.lines().filter(l -> l.startsWith("0x")).toList()) {
      for (String word : line.split("\\s+")) {
        if (word.startsWith("key=")) {
          keys.add(word.substring(4));
        }
      }
    }
    return new Table(type, keys);
  }

  /**
   * The client addresses of the streams ({@code show sess}) that a backend's server is serving now. A
   * line reads {@code 0x...: proto=tcpv4 src=127.0.39.5:41234 fe=fe_portal be=be_portal srv=portal-01 ...}.
   */
  static java.util.Set<String> sessionSources(String reply, String backend, String server) {
    java.util.Set<String> sources = new java.util.TreeSet<>();
    for (String line : reply.lines().toList()) {
      String src = null;
      String be = null;
      String srv = null;
      for (String word : line.strip().split("\\s+")) {
        if (word.startsWith("src=")) {
          src = word.substring(4);
        } else if (word.startsWith("be=")) {
          be = word.substring(3);
        } else if (word.startsWith("srv=")) {
          srv = word.substring(4);
        }
      }
      if (src != null && backend.equals(be) && server.equals(srv)) {
        int colon = src.lastIndexOf(':');
        String host = colon > 0 ? src.substring(0, colon) : src;
        sources.add(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
      }
    }
    return sources;
  }

  static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
