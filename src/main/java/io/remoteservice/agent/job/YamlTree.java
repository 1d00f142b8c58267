package io.remoteservice.agent.job;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into a small tree that keeps, unlike Jackson's {@code JsonNode}, the line and
 * column of every key and value and the text of every scalar as written: a version {@code 1.10} must
 * not become {@code 1.1}, and a problem must point at its line.
 */
final class YamlTree {

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTree() {}

  record Loc(int line, int column) {
    static Loc of(JsonLocation l) {
      return l == null ? new Loc(0, 0) : new Loc(l.getLineNr(), l.getColumnNr());
    }
  }

  sealed interface Node permits MapNode, ListNode, ScalarNode {
    Loc loc();
  }

  record MapNode(Map<String, Node> entries, Map<String, Loc> keys, Loc loc) implements Node {}

  record ListNode(List<Node> items, Loc loc) implements Node {}

  /** @param text as written; null for an explicit or implicit null */
  record ScalarNode(String text, JsonToken token, Loc loc) implements Node {
    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }

  /** A document that is not YAML, with where the parser gave up. */
  static final class SyntaxError extends Exception {
    final Loc loc;

    SyntaxError(String message, Loc loc) {
      super(message);
      this.loc = loc;
    }
  }

  /**
   * Reads one YAML document. Duplicate keys are reported through {@code duplicate} (the tree keeps
   * the first) rather than failing, so that they are listed with the other problems.
   *
   * @return the root node, or null for an empty document
   */
  static Node read(byte[] yaml, DuplicateKeys duplicate) throws SyntaxError {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return null;
      }
      Node root = value(p, "", duplicate);
      if (p.nextToken() != null) {
        throw new SyntaxError("more than one YAML document; a manifest is one document",
            Loc.of(p.currentTokenLocation()));
      }
      return root;
    } catch (StreamReadException e) {
      throw new SyntaxError(firstLine(e.getOriginalMessage()), Loc.of(e.getLocation()));
    } catch (IOException e) {
      // Reading from a byte array: only a parse problem can land here.
      throw new SyntaxError(firstLine(e.getMessage()), new Loc(0, 0));
    }
  }

  interface DuplicateKeys {
    void found(String path, Loc loc);
  }

  private static Node value(JsonParser p, String path, DuplicateKeys duplicate) throws IOException {
    Loc loc = Loc.of(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> entries = new LinkedHashMap<>();
      Map<String, Loc> keys = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        Loc keyLoc = Loc.of(p.currentTokenLocation());
        String childPath = path.isEmpty() ? name : path + "." + name;
        p.nextToken();
        Node child = value(p, childPath, duplicate);
        if (entries.containsKey(name)) {
          duplicate.found(childPath, keyLoc);
        } else {
          entries.put(name, child);
          keys.put(name, keyLoc);
        }
      }
      return new MapNode(entries, keys, loc);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(value(p, path + "[" + i++ + "]", duplicate));
      }
      return new ListNode(items, loc);
    }
    return new ScalarNode(t == JsonToken.VALUE_NULL ? null : p.getText(), t, loc);
  }

  /**
   * SnakeYAML's messages repeat the position and quote the source with a caret under it; the lines
   * without indentation are the ones that say what is wrong.
   */
  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "unreadable";
    }
    String said = message.strip().lines()
        .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
        .map(String::strip)
        .collect(java.util.stream.Collectors.joining("; "));
    return said.isEmpty() ? message.strip().lines().findFirst().orElse("unreadable") : said;
  }
}
