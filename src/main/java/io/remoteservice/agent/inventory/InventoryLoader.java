package io.remoteservice.agent.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.remoteservice.agent.inventory.RawInventory.RawCapacity;
import io.remoteservice.agent.inventory.RawInventory.RawCommand;
import io.remoteservice.agent.inventory.RawInventory.RawCustomer;
import io.remoteservice.agent.inventory.RawInventory.RawDrain;
import io.remoteservice.agent.inventory.RawInventory.RawHaproxy;
import io.remoteservice.agent.inventory.RawInventory.RawManual;
import io.remoteservice.agent.inventory.RawInventory.RawPool;
import io.remoteservice.agent.inventory.RawInventory.RawServer;
import io.remoteservice.agent.inventory.RawInventory.RawSsh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an inventory file and validates all of it: every problem is reported at once, each naming the
 * file, the entry and the field, so that one round of fixes makes the file valid.
 */
public final class InventoryLoader {

  static final Pattern ID = Pattern.compile("[a-z0-9-]{1,64}");
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LB_NAME = Pattern.compile("[^\\s/]+");
  private static final Pattern TCP_SOCKET = Pattern.compile("tcp:([^:\\s]+):(\\d{1,5})");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
  private static final Pattern ABSOLUTE = Pattern.compile("/.*|[A-Za-z]:[\\\\/].*");

  private final YAMLMapper mapper;

  public InventoryLoader() {
    mapper = YAMLMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }

  /**
   * Loads and validates an inventory.
   *
   * @throws IOException         when the file cannot be read
   * @throws InventoryException  with every problem when the content is invalid
   */
  public Inventory load(Path file) throws IOException {
    return parse(file, Files.readString(file));
  }

  /** Validates inventory text as if read from {@code file} (relative key paths resolve next to it). */
  Inventory parse(Path file, String text) {
    String name = file.toString();
    List<Problem> problems = new ArrayList<>();
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InventoryException(List.of(new Problem(name, "top level", "",
          "not valid YAML" + at(e.getLocation()) + ": " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new InventoryException(List.of(new Problem(name, "top level", "",
          "the file is empty; it needs at least 'pools' and 'servers' (see docs/pools.md)")));
    }
    if (!tree.isObject()) {
      throw new InventoryException(List.of(new Problem(name, "top level", "",
          "must be a mapping with the keys ssh, vars, customers, pools, servers")));
    }
    RawInventory raw;
    try {
      raw = mapper.readerFor(RawInventory.class)
          .withHandler(new UnknownKeys(name, tree, problems))
          .readValue(text);
    } catch (JsonMappingException e) {
      List<Object> path = new ArrayList<>();
      e.getPath().forEach(r -> path.add(r.getFieldName() != null ? r.getFieldName() : (Object) r.getIndex()));
      problems.add(problemAt(name, tree, path, "cannot read this value" + at(e.getLocation()) + ": "
          + firstLine(e.getOriginalMessage())));
      throw new InventoryException(problems);
    } catch (JsonProcessingException e) {
      problems.add(new Problem(name, "top level", "", "not valid YAML" + at(e.getLocation()) + ": "
          + e.getOriginalMessage()));
      throw new InventoryException(problems);
    }
    Inventory inventory = new Validation(file, raw, problems).run();
    if (!problems.isEmpty()) {
      throw new InventoryException(problems);
    }
    return inventory;
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ")";
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Names the entry (a pool, server, customer by its id) and the field for a path into the file. */
  static Problem problemAt(String file, JsonNode tree, List<Object> path, String message) {
    if (path.size() >= 2 && path.get(0) instanceof String section && path.get(1) instanceof Integer index
        && Set.of("customers", "pools", "servers").contains(section)) {
      JsonNode id = tree.path(section).path(index).path("id");
      String kind = section.substring(0, section.length() - 1);
      String entry = id.isTextual() ? kind + " '" + id.asText() + "'" : kind + " #" + (index + 1);
      return new Problem(file, entry, joinPath(path.subList(2, path.size())), message);
    }
    return new Problem(file, "top level", joinPath(path), message);
  }

  private static String joinPath(List<Object> path) {
    StringBuilder b = new StringBuilder();
    for (Object p : path) {
      if (p instanceof Integer i) {
        b.append('[').append(i).append(']');
      } else {
        b.append(b.isEmpty() ? "" : ".").append(p);
      }
    }
    return b.toString();
  }

  /** Records every unknown key instead of stopping at the first. */
  private static final class UnknownKeys extends DeserializationProblemHandler {
    private final String file;
    private final JsonNode tree;
    private final List<Problem> problems;

    UnknownKeys(String file, JsonNode tree, List<Problem> problems) {
      this.file = file;
      this.tree = tree;
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
      JsonStreamContext ctx = p.getParsingContext();
      if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
        ctx = ctx.getParent();
      }
      List<Object> path = new ArrayList<>();
      for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
        if (c.inArray()) {
          path.add(0, c.getCurrentIndex());
        } else if (c.getCurrentName() != null) {
          path.add(0, c.getCurrentName());
        }
      }
      if (path.isEmpty() || !propertyName.equals(path.get(path.size() - 1))) {
        path.add(propertyName);
      }
      Collection<Object> known = deserializer == null ? List.of() : deserializer.getKnownPropertyNames();
      TreeSet<String> names = new TreeSet<>();
      known.forEach(k -> names.add(String.valueOf(k)));
      problems.add(problemAt(file, tree, path, "unknown key '" + propertyName + "'"
          + at(p.currentTokenLocation()) + (names.isEmpty() ? "" : "; known keys here: " + String.join(", ", names))));
      p.skipChildren();
      return true;
    }
  }

  /** Checks the bound file and builds the inventory; adds a problem for everything wrong. */
  private static final class Validation {
    private final Path file;
    private final String name;
    private final RawInventory raw;
    private final List<Problem> problems;

    Validation(Path file, RawInventory raw, List<Problem> problems) {
      this.file = file;
      this.name = file.toString();
      this.raw = raw;
      this.problems = problems;
    }

    private void problem(String entry, String field, String message) {
      problems.add(new Problem(name, entry, field, message));
    }

    private static String entry(String kind, String id, int index) {
      return id != null && !id.isBlank() ? kind + " '" + id + "'" : kind + " #" + (index + 1);
    }

    Inventory run() {
      SshSettings globalSsh = ssh("top level", "ssh", raw.ssh());
      Map<String, String> globalVars = vars("top level", "vars", raw.vars());

      List<Customer> customers = new ArrayList<>();
      Set<String> customerIds = new HashSet<>();
      List<RawCustomer> rawCustomers = nonNull(raw.customers());
      for (int i = 0; i < rawCustomers.size(); i++) {
        RawCustomer c = rawCustomers.get(i);
        if (c == null) {
          problem(entry("customer", null, i), "", "empty entry; remove it or give it an id");
          continue;
        }
        String e = entry("customer", c.id(), i);
        if (!id(e, c.id(), "customer", customerIds)) {
          continue;
        }
        List<String> contacts = new ArrayList<>();
        List<String> rawContacts = nonNull(c.contacts());
        for (int k = 0; k < rawContacts.size(); k++) {
          String contact = rawContacts.get(k);
          if (contact == null || !contact.matches("[^@\\s]+@[^@\\s]+")) {
            problem(e, "contacts[" + k + "]", "'" + contact + "' is not an e-mail address such as it-admin@acme.example");
          } else {
            contacts.add(contact);
          }
        }
        customers.add(new Customer(c.id(), c.name() == null || c.name().isBlank() ? c.id() : c.name(), contacts));
      }

      List<Pool> pools = new ArrayList<>();
      Map<String, SshSettings> poolSsh = new HashMap<>();
      Set<String> poolIds = new HashSet<>();
      List<RawPool> rawPools = nonNull(raw.pools());
      for (int i = 0; i < rawPools.size(); i++) {
        RawPool p = rawPools.get(i);
        if (p == null) {
          problem(entry("pool", null, i), "", "empty entry; remove it or give it an id");
          continue;
        }
        Pool pool = pool(p, entry("pool", p.id(), i), customerIds, poolIds);
        if (pool != null) {
          pools.add(pool);
          poolSsh.put(pool.id(), ssh(entry("pool", p.id(), i), "ssh", p.ssh()));
        }
      }
      Map<String, Pool> poolById = new LinkedHashMap<>();
      pools.forEach(p -> poolById.put(p.id(), p));

      List<Server> servers = new ArrayList<>();
      Set<String> serverIds = new HashSet<>();
      Map<String, String> lbNames = new HashMap<>();
      List<RawServer> rawServers = nonNull(raw.servers());
      for (int i = 0; i < rawServers.size(); i++) {
        RawServer s = rawServers.get(i);
        if (s == null) {
          problem(entry("server", null, i), "", "empty entry; remove it or give it an id");
          continue;
        }
        String e = entry("server", s.id(), i);
        boolean idOk = id(e, s.id(), "server", serverIds);
        Pool pool = null;
        if (s.pool() == null || s.pool().isBlank()) {
          problem(e, "pool", "missing; name the pool this server stands in (one of " + poolById.keySet() + ")");
        } else if (!poolById.containsKey(s.pool())) {
          if (!poolIds.contains(s.pool())) {
            problem(e, "pool", "unknown pool '" + s.pool() + "'; known pools: " + poolById.keySet());
          }
        } else {
          pool = poolById.get(s.pool());
        }
        if (s.host() == null || s.host().isBlank() || s.host().chars().anyMatch(Character::isWhitespace)) {
          problem(e, "host", "missing or not a host name / address: '" + s.host() + "'");
        }
        if (pool != null && pool.balanced()) {
          if (s.lbName() == null || s.lbName().isBlank()) {
            problem(e, "lbName", "missing; pool '" + pool.id() + "' is balanced (driver " + pool.driver().yamlName()
                + "), so the server's name in the load balancer is needed");
          } else if (pool.driver() == DriverType.HAPROXY && !LB_NAME.matcher(s.lbName()).matches()
              || s.lbName().chars().anyMatch(Character::isISOControl)) {
            // The Runtime API splits commands on blanks; other drivers take any printable name.
            problem(e, "lbName", "'" + s.lbName() + "' contains " + (pool.driver() == DriverType.HAPROXY
                ? "a blank or '/'" : "a control character") + "; use the server's name as the load balancer shows it");
          } else {
            String other = lbNames.putIfAbsent(pool.id() + "/" + s.lbName(), s.id());
            if (other != null) {
              problem(e, "lbName", "'" + s.lbName() + "' is already the lbName of server '" + other + "' in pool '"
                  + pool.id() + "'; each server needs its own");
            }
          }
        }
        String runRoot = s.runRoot() == null ? Server.DEFAULT_RUN_ROOT : s.runRoot();
        if (!ABSOLUTE.matcher(runRoot).matches()) {
          problem(e, "runRoot", "'" + runRoot + "' is not an absolute path such as /var/tmp/rsa");
        }
        List<String> tags = nonNull(s.tags());
        for (int k = 0; k < tags.size(); k++) {
          if (tags.get(k) == null || !ID.matcher(tags.get(k)).matches()) {
            problem(e, "tags[" + k + "]", "'" + tags.get(k) + "' is not a tag: use [a-z0-9-]+");
          }
        }
        SshSettings own = ssh(e, "ssh", s.ssh());
        Map<String, String> ownVars = vars(e, "vars", s.vars());
        if (!idOk || pool == null) {
          continue;
        }
        SshSettings effective = globalSsh.overriddenBy(poolSsh.get(pool.id())).overriddenBy(own);
        String where = "set ssh." + "%s" + " at the top level, on pool '" + pool.id() + "' or on the server";
        if (effective.user() == null) {
          problem(e, "ssh.user", "no SSH user for this server; " + where.formatted("user"));
        }
        if (effective.identity() == null) {
          problem(e, "ssh.identity", "no SSH identity (private key file) for this server; "
              + where.formatted("identity"));
        }
        if (effective.knownHosts() == null) {
          problem(e, "ssh.knownHosts", "no known_hosts file for this server (host keys are checked strictly); "
              + where.formatted("knownHosts"));
        }
        Map<String, String> mergedVars = new LinkedHashMap<>(globalVars);
        mergedVars.putAll(pool.vars());
        mergedVars.putAll(ownVars);
        servers.add(new Server(s.id(), pool.id(), s.host(), s.lbName(), runRoot, tags.stream()
            .filter(t -> t != null).toList(), effective, mergedVars));
      }

      for (Pool pool : pools) {
        int size = (int) servers.stream().filter(s -> s.pool().equals(pool.id())).count();
        Capacity c = pool.capacity();
        String e = "pool '" + pool.id() + "'";
        if (size > 0 && c.minAvailable() > size) {
          problem(e, "capacity.minAvailable", c.minAvailable() + " is more than the pool's " + size
              + " servers; lower it");
        }
        // A pool whose limits allow no server out is legal (a pool frozen on purpose); inventory check warns.
      }
      return new Inventory(file, customers, pools, servers);
    }

    private boolean id(String entry, String id, String kind, Set<String> seen) {
      if (id == null || id.isBlank()) {
        problem(entry, "id", "missing; every " + kind + " needs an id ([a-z0-9-]+)");
        return false;
      }
      if (!ID.matcher(id).matches()) {
        problem(entry, "id", "'" + id + "' is not a valid id: use lower-case letters, digits and '-' (at most 64)");
        return false;
      }
      if (!seen.add(id)) {
        problem(entry, "id", "duplicate " + kind + " id '" + id + "'; each " + kind + " needs its own");
        return false;
      }
      return true;
    }

    private Pool pool(RawPool p, String e, Set<String> customerIds, Set<String> poolIds) {
      boolean ok = id(e, p.id(), "pool", poolIds);
      if (p.customer() == null || p.customer().isBlank()) {
        problem(e, "customer", "missing; name the customer that owns this pool");
        ok = false;
      } else if (!customerIds.contains(p.customer())) {
        problem(e, "customer", "unknown customer '" + p.customer() + "'; declare it under customers");
        ok = false;
      }
      DriverType driver = null;
      if (p.driver() == null) {
        problem(e, "driver", "missing; one of haproxy, manual, command, none");
      } else {
        driver = DriverType.fromYaml(p.driver()).orElse(null);
        if (driver == null) {
          problem(e, "driver", "unknown driver '" + p.driver() + "'; one of haproxy, manual, command, none");
        }
      }
      notForDriver(e, "haproxy", p.haproxy() != null, DriverType.HAPROXY, driver);
      notForDriver(e, "manual", p.manual() != null, DriverType.MANUAL, driver);
      notForDriver(e, "command", p.command() != null, DriverType.COMMAND, driver);
      HaproxySettings haproxy = driver == DriverType.HAPROXY ? haproxy(e, p.haproxy()) : null;
      ManualSettings manual = driver == DriverType.MANUAL ? manual(e, p.manual()) : null;
      CommandSettings command = driver == DriverType.COMMAND ? command(e, p.command()) : null;
      Capacity capacity = capacity(e, p.capacity());
      DrainPolicy drain = drain(e, p.drain());
      Map<String, String> vars = vars(e, "vars", p.vars());
      if (!ok || driver == null || capacity == null || drain == null
          || driver == DriverType.HAPROXY && haproxy == null || driver == DriverType.MANUAL && manual == null
          || driver == DriverType.COMMAND && command == null) {
        return null;
      }
      return new Pool(p.id(), p.customer(), driver, haproxy, manual, command, capacity, drain, vars);
    }

    private void notForDriver(String e, String key, boolean present, DriverType owner, DriverType driver) {
      if (present && driver != null && driver != owner) {
        problem(e, key, "'" + key + "' settings are given but the driver is " + driver.yamlName()
            + "; remove them or set driver: " + key);
      }
    }

    private HaproxySettings haproxy(String e, RawHaproxy h) {
      if (h == null) {
        problem(e, "haproxy", "missing; driver haproxy needs haproxy: { sockets: [...], backend: NAME }");
        return null;
      }
      boolean ok = true;
      List<String> sockets = nonNull(h.sockets());
      if (sockets.isEmpty()) {
        problem(e, "haproxy.sockets", "missing; list the Runtime API socket of every load balancer of the pool,"
            + " e.g. \"tcp:127.0.0.1:9999\" or \"unix:/run/haproxy/admin.sock\"");
        ok = false;
      }
      Set<String> seen = new HashSet<>();
      for (int k = 0; k < sockets.size(); k++) {
        String s = sockets.get(k);
        String why = socketProblem(s);
        if (why != null) {
          problem(e, "haproxy.sockets[" + k + "]", why);
          ok = false;
        } else if (!seen.add(s)) {
          problem(e, "haproxy.sockets[" + k + "]", "'" + s + "' is listed twice");
          ok = false;
        }
      }
      if (h.backend() == null || !LB_NAME.matcher(h.backend()).matches()) {
        problem(e, "haproxy.backend", h.backend() == null ? "missing; the backend that holds the pool's servers"
            : "'" + h.backend() + "' is not a backend name (no blanks or '/')");
        ok = false;
      }
      if (h.table() != null && !LB_NAME.matcher(h.table()).matches()) {
        problem(e, "haproxy.table", "'" + h.table() + "' is not a table name (no blanks or '/')");
        ok = false;
      }
      Duration timeout = duration(e, "haproxy.timeout", h.timeout(), HaproxySettings.DEFAULT_TIMEOUT);
      return ok && timeout != null
          ? new HaproxySettings(sockets, h.backend(), h.table() == null ? h.backend() : h.table(), timeout) : null;
    }

    static String socketProblem(String s) {
      if (s == null) {
        return "empty socket address";
      }
      Matcher m = TCP_SOCKET.matcher(s);
      if (m.matches()) {
        int port = Integer.parseInt(m.group(2));
        return port >= 1 && port <= 65535 ? null : "port " + port + " out of range 1-65535 in '" + s + "'";
      }
      if (s.startsWith("unix:/") && s.length() > 6) {
        return null;
      }
      return "'" + s + "' is not a socket address: use \"tcp:HOST:PORT\" or \"unix:/absolute/path\"";
    }

    private ManualSettings manual(String e, RawManual m) {
      if (m == null || m.console() == null || m.console().isBlank()) {
        problem(e, m == null ? "manual" : "manual.console", "missing; driver manual needs manual: { console:"
            + " ADDRESS, instructions: TEXT } so that the person knows where and how to act");
        return null;
      }
      String instructions = m.instructions() == null || m.instructions().isBlank()
          ? "Follow the console's usual way of (de)selecting a server in the pool." : m.instructions();
      return new ManualSettings(m.console(), instructions);
    }

    private CommandSettings command(String e, RawCommand c) {
      if (c == null) {
        problem(e, "command", "missing; driver command needs command: { drain: [...], disable: [...],"
            + " enable: [...], sessions: [...], state: [...] }");
        return null;
      }
      Map<String, List<String>> raw = new LinkedHashMap<>();
      raw.put("drain", c.drain());
      raw.put("disable", c.disable());
      raw.put("enable", c.enable());
      raw.put("clearSticky", c.clearSticky());
      raw.put("sessions", c.sessions());
      raw.put("state", c.state());
      boolean ok = true;
      Map<String, List<String>> verbs = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> v : raw.entrySet()) {
        String field = "command." + v.getKey();
        List<String> argv = v.getValue();
        if (argv == null) {
          if (CommandSettings.REQUIRED_VERBS.contains(v.getKey())) {
            problem(e, field, "missing; give the command as a list: [program, arg, \"{lbName}\"]");
            ok = false;
          }
          continue;
        }
        if (argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
          problem(e, field, "the command is empty; its first element is the program to run");
          ok = false;
          continue;
        }
        for (int k = 0; k < argv.size(); k++) {
          String arg = argv.get(k);
          if (arg == null) {
            problem(e, field + "[" + k + "]", "empty argument; quote it (\"\") if an empty string is meant");
            ok = false;
            continue;
          }
          Matcher m = PLACEHOLDER.matcher(arg);
          while (m.find()) {
            if (!CommandSettings.PLACEHOLDERS.contains(m.group())) {
              problem(e, field + "[" + k + "]", "unknown placeholder " + m.group() + "; known: "
                  + new TreeSet<>(CommandSettings.PLACEHOLDERS));
              ok = false;
            }
          }
        }
        verbs.put(v.getKey(), argv);
      }
      Duration timeout = duration(e, "command.timeout", c.timeout(), CommandSettings.DEFAULT_TIMEOUT);
      return ok && timeout != null ? new CommandSettings(verbs, timeout) : null;
    }

    private Capacity capacity(String e, RawCapacity c) {
      if (c == null) {
        return Capacity.DEFAULT;
      }
      MaxUnavailable max = Capacity.DEFAULT.maxUnavailable();
      boolean ok = true;
      if (c.maxUnavailable() != null) {
        try {
          max = MaxUnavailable.parse(c.maxUnavailable());
        } catch (IllegalArgumentException ex) {
          problem(e, "capacity.maxUnavailable", ex.getMessage());
          ok = false;
        }
      }
      int min = 0;
      if (c.minAvailable() != null) {
        if (c.minAvailable().matches("\\d{1,6}")) {
          min = Integer.parseInt(c.minAvailable());
        } else {
          problem(e, "capacity.minAvailable", "'" + c.minAvailable() + "' is not a count (0 or more)");
          ok = false;
        }
      }
      return ok ? new Capacity(max, min) : null;
    }

    private DrainPolicy drain(String e, RawDrain d) {
      if (d == null) {
        return DrainPolicy.DEFAULT;
      }
      Duration timeout = duration(e, "drain.timeout", d.timeout(), DrainPolicy.DEFAULT.timeout());
      DrainPolicy.OnTimeout onTimeout = DrainPolicy.DEFAULT.onTimeout();
      boolean ok = timeout != null;
      if (d.onTimeout() != null) {
        onTimeout = DrainPolicy.OnTimeout.fromYaml(d.onTimeout()).orElse(null);
        if (onTimeout == null) {
          problem(e, "drain.onTimeout", "'" + d.onTimeout() + "' is not one of ask, proceed, abort");
          ok = false;
        }
      }
      return ok ? new DrainPolicy(timeout, onTimeout, Boolean.TRUE.equals(d.sessionsOnServer()),
          Boolean.TRUE.equals(d.shutdownSessions())) : null;
    }

    private Duration duration(String e, String field, String text, Duration fallback) {
      if (text == null) {
        return fallback;
      }
      try {
        Duration d = Duration.parse(text);
        if (d.isZero() || d.isNegative()) {
          problem(e, field, "'" + text + "' must be longer than zero");
          return null;
        }
        return d;
      } catch (DateTimeParseException ex) {
        problem(e, field, "'" + text + "' is not an ISO-8601 duration such as PT30S, PT10M or PT1H");
        return null;
      }
    }

    private SshSettings ssh(String e, String field, RawSsh s) {
      if (s == null) {
        return SshSettings.EMPTY;
      }
      Integer port = null;
      if (s.port() != null) {
        if (s.port().matches("\\d{1,5}") && Integer.parseInt(s.port()) >= 1 && Integer.parseInt(s.port()) <= 65535) {
          port = Integer.parseInt(s.port());
        } else {
          problem(e, field + ".port", "'" + s.port() + "' is not a port number 1-65535");
        }
      }
      if (s.user() != null && (s.user().isBlank() || s.user().chars().anyMatch(Character::isWhitespace))) {
        problem(e, field + ".user", "'" + s.user() + "' is not a user name");
      }
      return new SshSettings(s.user(), port, readableFile(e, field + ".identity", s.identity()),
          readableFile(e, field + ".knownHosts", s.knownHosts()));
    }

    private Path readableFile(String e, String field, String text) {
      if (text == null) {
        return null;
      }
      Path p;
      try {
        p = Path.of(text);
      } catch (RuntimeException ex) {
        problem(e, field, "'" + text + "' is not a file path");
        return null;
      }
      if (!p.isAbsolute()) {
        Path dir = file.toAbsolutePath().getParent();
        p = dir == null ? p.toAbsolutePath() : dir.resolve(p).normalize();
      }
      if (!Files.isRegularFile(p)) {
        problem(e, field, "the file " + p + " does not exist or is not a file");
      } else if (!Files.isReadable(p)) {
        problem(e, field, "the file " + p + " is not readable by the agent's user; fix its permissions");
      }
      return p;
    }

    private Map<String, String> vars(String e, String field, Map<String, String> vars) {
      Map<String, String> out = new LinkedHashMap<>();
      if (vars == null) {
        return out;
      }
      vars.forEach((k, v) -> {
        if (!VAR_NAME.matcher(k).matches()) {
          problem(e, field + "." + k, "'" + k + "' is not usable as a parameter name: use letters, digits and '_'");
        } else if (v == null) {
          problem(e, field + "." + k, "has no value; give one or remove the key");
        } else {
          out.put(k, v);
        }
      });
      return out;
    }

    private static <T> List<T> nonNull(List<T> list) {
      return list == null ? List.of() : list;
    }
  }
}
