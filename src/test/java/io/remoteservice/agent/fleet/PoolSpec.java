package io.remoteservice.agent.fleet;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pool to start: how many servers, which driver, and what the inventory says about it. Server ids are
 * {@code <pool>-01}, {@code <pool>-02}, ...; each gets {@code portal_config} (a file under its own
 * {@code files} directory) plus the {@link #var vars} given here, where {@code {files}}, {@code {id}} and
 * {@code {runRoot}} are replaced per server.
 */
public final class PoolSpec {

  private final String id;
  private final int servers;
  private final String driver;
  private String customer = "acme";
  private String maxUnavailable = "1";
  private int minAvailable = 1;
  private Duration drainTimeout = Duration.ofMinutes(1);
  private String onTimeout = "proceed";
  private boolean sessionsOnServer;
  private final Map<String, String> vars = new LinkedHashMap<>();

  private PoolSpec(String id, int servers, String driver) {
    if (!id.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("pool id '" + id + "' must match [a-z0-9-]+");
    }
    if (servers < 1 || servers > 99) {
      throw new IllegalArgumentException("pool " + id + ": 1 to 99 servers, not " + servers);
    }
    this.id = id;
    this.servers = servers;
    this.driver = driver;
    vars.put("portal_config", "{files}/etc/portal/portal.conf");
  }

  /** A pool behind the site's HAProxy (backend {@code be_<id>}). */
  public static PoolSpec haproxy(String id, int servers) {
    return new PoolSpec(id, servers, "haproxy");
  }

  /** A pool without load balancer ({@code driver: none}). */
  public static PoolSpec none(String id, int servers) {
    return new PoolSpec(id, servers, "none");
  }

  public PoolSpec customer(String customerId) {
    this.customer = Objects.requireNonNull(customerId);
    return this;
  }

  /** {@code capacity: { maxUnavailable, minAvailable }}; maxUnavailable is a count or a share ("25%"). */
  public PoolSpec capacity(String maxUnavailable, int minAvailable) {
    this.maxUnavailable = maxUnavailable;
    this.minAvailable = minAvailable;
    return this;
  }

  /** {@code drain: { timeout, onTimeout }}, onTimeout one of ask, proceed, abort. */
  public PoolSpec drain(Duration timeout, String onTimeout) {
    this.drainTimeout = timeout;
    this.onTimeout = onTimeout;
    return this;
  }

  public PoolSpec sessionsOnServer(boolean value) {
    this.sessionsOnServer = value;
    return this;
  }

  /** A per-server parameter value; {@code {files}}, {@code {id}}, {@code {runRoot}} are replaced. */
  public PoolSpec var(String name, String template) {
    vars.put(name, template);
    return this;
  }

  public String id() {
    return id;
  }

  public int servers() {
    return servers;
  }

  public String driver() {
    return driver;
  }

  public String customer() {
    return customer;
  }

  public String maxUnavailable() {
    return maxUnavailable;
  }

  public int minAvailable() {
    return minAvailable;
  }

  public Duration drainTimeout() {
    return drainTimeout;
  }

  public String onTimeout() {
    return onTimeout;
  }

  public boolean sessionsOnServer() {
    return sessionsOnServer;
  }

  public Map<String, String> vars() {
    return Map.copyOf(vars);
  }

  Map<String, String> varTemplates() {
    return vars;
  }

  /** The HAProxy backend of this pool. */
  public String backend() {
    return "be_" + id;
  }

  public boolean behindHaproxy() {
    return driver.equals("haproxy");
  }

  public String serverId(int n) {
    return String.format("%s-%02d", id, n);
  }
}
