package io.remoteservice.agent.job;

import io.remoteservice.agent.job.YamlTree.ListNode;
import io.remoteservice.agent.job.YamlTree.Loc;
import io.remoteservice.agent.job.YamlTree.MapNode;
import io.remoteservice.agent.job.YamlTree.Node;
import io.remoteservice.agent.job.YamlTree.ScalarNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code job.yaml} strictly: unknown keys, wrong types and bad values are problems, all of them
 * collected with the field's path and line, none of them silently defaulted.
 */
final class ManifestReader {

  static final String FILE = "job.yaml";

  static final Pattern ID = Pattern.compile("[a-z0-9-]+");
  /** Names that can follow {@code RSA_PARAM_} in an environment variable on every platform. */
  static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
  private static final Pattern REQUIREMENT = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofMinutes(1);

  private static final List<String> TOP_KEYS =
      List.of("id", "version", "title", "timeouts", "drain", "requires", "parameters", "health");
  private static final List<String> TIMEOUT_KEYS = List.of("autoAction", "failureRevert");
  private static final List<String> DRAIN_KEYS = List.of("timeout", "onTimeout");
  private static final List<String> HEALTH_KEYS = List.of("command", "timeout");

  private final List<Problem> problems;

  private ManifestReader(List<Problem> problems) {
    this.problems = problems;
  }

  /**
   * @param directoryName the package directory's name, which the id must equal
   * @return the manifest, or null when a problem was added
   */
  static Manifest read(byte[] yaml, String directoryName, List<Problem> problems) {
    return new ManifestReader(problems).read(yaml, directoryName);
  }

  private Manifest read(byte[] yaml, String directoryName) {
    int before = problems.size();
    Node root;
    try {
      root = YamlTree.read(yaml, (path, loc) -> add(path, loc,
          "the key appears twice; keep one (YAML would silently use one of them)"));
    } catch (YamlTree.SyntaxError e) {
      add("", e.loc, "not valid YAML: " + e.getMessage());
      return null;
    }
    if (root == null) {
      add("", new Loc(0, 0), "is empty; it needs at least id, version, title and timeouts");
      return null;
    }
    if (!(root instanceof MapNode map)) {
      add("", root.loc(), "must be a mapping of keys (id, version, title, ...), not " + describe(root));
      return null;
    }
    unknownKeys(map, "", TOP_KEYS);

    String id = id(map, directoryName);
    String version = version(map);
    String title = requiredText(map, "title", "title");
    Manifest.Timeouts timeouts = timeouts(map);
    Manifest.Drain drain = drain(map);
    List<String> requires = requires(map);
    Map<String, String> parameters = parameters(map);
    Manifest.Health health = health(map);
    if (problems.size() > before) {
      return null;
    }
    return new Manifest(id, version, title, timeouts, drain, requires, parameters, health);
  }

  private String id(MapNode map, String directoryName) {
    String id = requiredText(map, "id", "id");
    if (id == null) {
      return null;
    }
    if (!ID.matcher(id).matches()) {
      add("id", at(map, "id"), "'" + id + "' may only contain a-z, 0-9 and '-'");
    } else if (!id.equals(directoryName)) {
      add("id", at(map, "id"), "'" + id + "' differs from the package directory name '" + directoryName
          + "'; rename one so that they are equal");
    }
    return id;
  }

  private String version(MapNode map) {
    Node node = map.entries().get("version");
    if (node == null) {
      add("version", map.loc(), "is missing; give the package a version (e.g. version: 1)");
      return null;
    }
    if (!(node instanceof ScalarNode s) || s.isNull()) {
      add("version", node.loc(), "must be an integer or a string, not " + describe(node));
      return null;
    }
    if (s.token() == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
      add("version", node.loc(), "'" + s.text() + "' is read as a decimal number; quote it ('"
          + s.text() + "') or use an integer");
      return null;
    }
    if (!VERSION.matcher(s.text()).matches()) {
      add("version", node.loc(), "'" + s.text() + "' may only contain letters, digits and . _ + -");
      return null;
    }
    return s.text();
  }

  private Manifest.Timeouts timeouts(MapNode map) {
    MapNode t = mapping(map, "timeouts", "timeouts", true);
    if (t == null) {
      return null;
    }
    unknownKeys(t, "timeouts", TIMEOUT_KEYS);
    Duration auto = duration(t, "autoAction", "timeouts.autoAction", true);
    Duration revert = duration(t, "failureRevert", "timeouts.failureRevert", true);
    return new Manifest.Timeouts(auto, revert);
  }

  private Manifest.Drain drain(MapNode map) {
    MapNode d = mapping(map, "drain", "drain", false);
    if (d == null) {
      return null;
    }
    unknownKeys(d, "drain", DRAIN_KEYS);
    Duration timeout = duration(d, "timeout", "drain.timeout", false);
    Manifest.OnTimeout onTimeout = null;
    String text = optionalText(d, "onTimeout", "drain.onTimeout");
    if (text != null) {
      try {
        onTimeout = Manifest.OnTimeout.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        add("drain.onTimeout", at(d, "onTimeout"), "'" + text + "' is not one of ask, proceed, abort");
      }
    }
    if (timeout == null && onTimeout == null && d.entries().isEmpty()) {
      add("drain", d.loc(), "is empty; give timeout and/or onTimeout, or leave drain out");
    }
    return new Manifest.Drain(timeout, onTimeout);
  }

  private List<String> requires(MapNode map) {
    Node node = map.entries().get("requires");
    List<String> result = new ArrayList<>();
    if (node == null) {
      return result;
    }
    List<Node> items;
    if (node instanceof ListNode list) {
      items = list.items();
    } else {
      add("requires", node.loc(), "must be a list of families or os ids, e.g. [unix] or [debian, ubuntu]");
      return result;
    }
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String field = "requires[" + i + "]";
      if (!(item instanceof ScalarNode s) || s.isNull()) {
        add(field, item.loc(), "must be a family or os id, not " + describe(item));
      } else if (!REQUIREMENT.matcher(s.text()).matches()) {
        add(field, item.loc(), "'" + s.text() + "' is not a family (unix, windows) or os id (lower case)");
      } else {
        result.add(s.text());
      }
    }
    return result;
  }

  private Map<String, String> parameters(MapNode map) {
    Map<String, String> result = new LinkedHashMap<>();
    MapNode params = mapping(map, "parameters", "parameters", false);
    if (params == null) {
      return result;
    }
    Map<String, String> byEnvName = new HashMap<>();
    params.entries().forEach((name, value) -> {
      String field = "parameters." + name;
      Loc loc = params.keys().get(name);
      if (!PARAMETER_NAME.matcher(name).matches()) {
        add(field, loc, "'" + name + "' cannot become an environment variable name; use letters, digits"
            + " and '_', not starting with a digit");
        return;
      }
      String env = RunEnvironment.parameterVariable(name);
      String other = byEnvName.putIfAbsent(env, name);
      if (other != null) {
        add(field, loc, "'" + name + "' and '" + other + "' both become " + env + "; rename one");
        return;
      }
      if (value instanceof ScalarNode s) {
        String text = s.isNull() ? "" : s.text();
        if (text.indexOf('\0') >= 0) {
          add(field, s.loc(), "contains a NUL character, which no environment variable can hold");
          return;
        }
        result.put(name, text);
      } else {
        add(field, value.loc(), "the default must be a single value (text, number, true/false), not "
            + describe(value));
      }
    });
    return result;
  }

  private Manifest.Health health(MapNode map) {
    MapNode h = mapping(map, "health", "health", false);
    if (h == null) {
      return null;
    }
    unknownKeys(h, "health", HEALTH_KEYS);
    String command = requiredText(h, "command", "health.command");
    Duration timeout = duration(h, "timeout", "health.timeout", false);
    return new Manifest.Health(command, timeout == null ? DEFAULT_HEALTH_TIMEOUT : timeout);
  }

  // --- helpers -------------------------------------------------------------------------------

  private void unknownKeys(MapNode map, String path, List<String> allowed) {
    Set<String> known = Set.copyOf(allowed);
    map.entries().keySet().stream().filter(k -> !known.contains(k)).forEach(k -> add(
        path.isEmpty() ? k : path + "." + k, map.keys().get(k),
        "unknown key; allowed " + (path.isEmpty() ? "at the top" : "under " + path) + ": "
            + String.join(", ", allowed)));
  }

  private MapNode mapping(MapNode parent, String key, String field, boolean required) {
    Node node = parent.entries().get(key);
    if (node == null) {
      if (required) {
        add(field, parent.loc(), "is missing");
      }
      return null;
    }
    if (node instanceof MapNode m) {
      return m;
    }
    add(field, node.loc(), "must be a mapping ({ key: value, ... }), not " + describe(node));
    return null;
  }

  private String requiredText(MapNode parent, String key, String field) {
    if (!parent.entries().containsKey(key)) {
      add(field, parent.loc(), "is missing");
      return null;
    }
    String text = optionalText(parent, key, field);
    if (text != null && text.isBlank()) {
      add(field, at(parent, key), "is empty");
      return null;
    }
    return text;
  }

  private String optionalText(MapNode parent, String key, String field) {
    Node node = parent.entries().get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof ScalarNode s && !s.isNull()) {
      if (s.text().contains("\n")) {
        add(field, node.loc(), "must be one line");
        return null;
      }
      return s.text();
    }
    add(field, node.loc(), "must be a single value, not " + describe(node));
    return null;
  }

  private Duration duration(MapNode parent, String key, String field, boolean required) {
    if (!parent.entries().containsKey(key)) {
      if (required) {
        add(field, parent.loc(), "is missing; give an ISO-8601 duration such as PT10M");
      }
      return null;
    }
    String text = optionalText(parent, key, field);
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(text);
    } catch (DateTimeParseException e) {
      add(field, at(parent, key), "'" + text + "' is not an ISO-8601 duration such as PT10M, PT1H30M or P1D");
      return null;
    }
    if (d.isZero() || d.isNegative()) {
      add(field, at(parent, key), "'" + text + "' must be longer than zero");
      return null;
    }
    return d;
  }

  private static Loc at(MapNode parent, String key) {
    Node node = parent.entries().get(key);
    return node != null ? node.loc() : parent.loc();
  }

  private static String describe(Node node) {
    if (node instanceof MapNode) {
      return "a mapping";
    }
    if (node instanceof ListNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) node;
    return s.isNull() ? "an empty value" : "'" + s.text() + "'";
  }

  private void add(String field, Loc loc, String message) {
    Loc l = loc == null ? new Loc(0, 0) : loc;
    problems.add(new Problem(FILE, field, l.line(), l.column(), message));
  }
}
