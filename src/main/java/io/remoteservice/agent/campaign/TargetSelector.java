package io.remoteservice.agent.campaign;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves a campaign's {@code targets} against the inventory: comma-separated server ids, {@code pool:ID}
 * and {@code tag:NAME}, blanks around items ignored. The result is in the order the items are written
 * (a pool's or tag's servers in inventory order), each server once, where it first appears.
 */
public final class TargetSelector {

  public static final String VARIABLE = "targets";

  private final Inventory inventory;

  public TargetSelector(Inventory inventory) {
    this.inventory = inventory;
  }

  /**
   * The servers the targets name.
   *
   * @throws InvalidCampaignException naming every unknown server, pool or tag (with close ids), malformed
   *                                  items, and a selection that comes out empty
   */
  public List<Server> select(String targets) {
    List<CampaignProblem> problems = new ArrayList<>();
    Map<String, Server> selected = new LinkedHashMap<>();
    List<String> emptyItems = new ArrayList<>();
    List<String> items = items(targets);
    if (items.isEmpty()) {
      throw new InvalidCampaignException(List.of(new CampaignProblem(VARIABLE,
          "no targets given; write server ids, pool:ID or tag:NAME, separated by commas (e.g. ts01, pool:portal)")));
    }
    for (String item : items) {
      Optional<List<Server>> servers = resolve(item, problems);
      servers.ifPresent(list -> {
        if (list.isEmpty()) {
          emptyItems.add(item);
        }
        list.forEach(s -> selected.putIfAbsent(s.id(), s));
      });
    }
    if (problems.isEmpty() && selected.isEmpty()) {
      problems.add(new CampaignProblem(VARIABLE, "'" + targets.trim() + "' selects no server ("
          + String.join(", ", emptyItems) + " " + (emptyItems.size() == 1 ? "has" : "have")
          + " no servers in the inventory)"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidCampaignException(problems);
    }
    return List.copyOf(selected.values());
  }

  /** The ids of {@link #select(String)}, joined as a {@code targets} value. */
  public static String asTargets(List<String> serverIds) {
    return String.join(",", serverIds);
  }

  /** The non-blank items of a {@code targets} value, trimmed, in order. */
  static List<String> items(String targets) {
    List<String> items = new ArrayList<>();
    if (targets == null) {
      return items;
    }
    for (String part : targets.split(",")) {
      // Inventory ids and tags are lower case by validation, so case in the input carries no meaning.
      String item = part.trim().toLowerCase(Locale.ROOT);
      if (!item.isEmpty()) {
        items.add(item);
      }
    }
    return items;
  }

  private Optional<List<Server>> resolve(String item, List<CampaignProblem> problems) {
    int colon = item.indexOf(':');
    if (colon < 0) {
      Optional<Server> server = inventory.server(item);
      if (server.isEmpty()) {
        problems.add(new CampaignProblem(VARIABLE, "unknown server '" + item + "'; "
            + Nearby.describe(item, serverIds(), "servers")));
      }
      return server.map(List::of);
    }
    String kind = item.substring(0, colon).trim();
    String name = item.substring(colon + 1).trim();
    if (!kind.equals("pool") && !kind.equals("tag")) {
      problems.add(new CampaignProblem(VARIABLE, "'" + item + "' is not a target; write a server id, pool:ID"
          + " or tag:NAME"));
      return Optional.empty();
    }
    if (name.isEmpty()) {
      problems.add(new CampaignProblem(VARIABLE, "'" + item + "' names no " + kind + "; write " + kind
          + ":" + (kind.equals("pool") ? "ID" : "NAME")));
      return Optional.empty();
    }
    if (kind.equals("pool")) {
      if (inventory.pool(name).isEmpty()) {
        problems.add(new CampaignProblem(VARIABLE, "unknown pool '" + name + "' in '" + item + "'; "
            + Nearby.describe(name, poolIds(), "pools")));
        return Optional.empty();
      }
      return Optional.of(inventory.serversOf(name));
    }
    List<Server> tagged = inventory.servers().stream().filter(s -> s.tags().contains(name)).toList();
    if (tagged.isEmpty()) {
      problems.add(new CampaignProblem(VARIABLE, "unknown tag '" + name + "' in '" + item + "' (no server"
          + " carries it); " + Nearby.describe(name, tags(), "tags")));
      return Optional.empty();
    }
    return Optional.of(tagged);
  }

  private List<String> serverIds() {
    return inventory.servers().stream().map(Server::id).toList();
  }

  private List<String> poolIds() {
    return inventory.pools().stream().map(p -> p.id()).toList();
  }

  private Set<String> tags() {
    Set<String> tags = new TreeSet<>();
    inventory.servers().forEach(s -> tags.addAll(s.tags()));
    return new LinkedHashSet<>(tags);
  }
}
