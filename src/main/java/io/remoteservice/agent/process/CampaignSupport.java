package io.remoteservice.agent.process;

import io.remoteservice.agent.inventory.Customer;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryService;
import io.remoteservice.agent.inventory.Server;
import io.remoteservice.agent.report.ReportService;
import io.remoteservice.agent.report.ServerReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the campaign's diagram and delegates share: server lists as comma-separated strings (typed process
 * variables, readable in Cockpit), the campaign's failures from its servers' reports, and its servers by
 * customer. {@code ${rsaCampaign.split(canaryServers)}} feeds the multi-instance call activities.
 */
@Component("rsaCampaign")
public class CampaignSupport {

  private final ReportService reports;
  private final InventoryService inventory;

  CampaignSupport(ReportService reports, InventoryService inventory) {
    this.reports = reports;
    this.inventory = inventory;
  }

  public List<String> split(String servers) {
    if (servers == null || servers.isBlank()) {
      return List.of();
    }
    return Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  static String join(List<String> servers) {
    return String.join(",", servers);
  }

  /** The latest report of every server of the campaign (a server maintained twice counts once). */
  Map<String, ServerReport> latestReports(String campaignId) {
    Map<String, ServerReport> latest = new LinkedHashMap<>();
    for (ServerReport r : reports.reportsOfCampaign(campaignId)) {
      ServerReport seen = latest.get(r.serverId());
      if (seen == null || (r.endedAt() != null && seen.endedAt() != null && r.endedAt().isAfter(seen.endedAt()))) {
        latest.put(r.serverId(), r);
      }
    }
    return latest;
  }

  int failures(String campaignId) {
    return (int) latestReports(campaignId).values().stream().filter(r -> r.outcome().failed()).count();
  }

  int failures(String campaignId, List<String> among) {
    return (int) latestReports(campaignId).values().stream()
        .filter(r -> among.contains(r.serverId()) && r.outcome().failed()).count();
  }

  /** The given servers grouped by their pool's customer, in the inventory's order of customers. */
  Map<Customer, List<String>> byCustomer(List<String> serverIds) {
    Inventory current = inventory.current();
    Map<Customer, List<String>> grouped = new LinkedHashMap<>();
    for (String id : serverIds) {
      Server server = current.server(id).orElse(null);
      if (server == null) {
        continue;
      }
      current.customer(current.poolOf(server).customer()).ifPresent(c ->
          grouped.computeIfAbsent(c, k -> new ArrayList<>()).add(id));
    }
    return grouped;
  }
}
