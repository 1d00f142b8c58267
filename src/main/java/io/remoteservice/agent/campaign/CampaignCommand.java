package io.remoteservice.agent.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.remoteservice.agent.cli.CommandLine;
import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryException;
import io.remoteservice.agent.inventory.InventoryLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code campaign plan}: the plan a campaign would get, offline (no server, no database, so no preflight):
 * to try a {@code targets} value and see the canary and the order before starting anything.
 */
public final class CampaignCommand implements CommandLine.Command {

  static final String USAGE = "Usage: campaign plan --inventory FILE --job ID --targets TARGETS [--jobs DIR]"
      + " [--canary N] [--parallelism N] [--failure-budget B] [--window-start T] [--window-end T] [--json]";

  private static final Map<String, String> OPTIONS = Map.of("--canary", CampaignSettings.CANARY,
      "--parallelism", CampaignSettings.PARALLELISM, "--failure-budget", CampaignSettings.FAILURE_BUDGET,
      "--window-start", CampaignSettings.WINDOW_START, "--window-end", CampaignSettings.WINDOW_END,
      "--job", CampaignSettings.JOB_ID, "--targets", CampaignSettings.TARGETS);

  private final Supplier<OffsetDateTime> clock;

  public CampaignCommand() {
    this(OffsetDateTime::now);
  }

  CampaignCommand(Supplier<OffsetDateTime> clock) {
    this.clock = clock;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || !args[0].equals("plan")) {
      err.println(USAGE);
      return CommandLine.USAGE_OR_IO;
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    Path inventoryFile = null;
    Path jobs = Path.of("jobs");
    boolean json = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--json")) {
        json = true;
      } else if (i + 1 < args.length && (a.equals("--inventory") || a.equals("--jobs") || OPTIONS.containsKey(a))) {
        String value = args[++i];
        if (a.equals("--inventory")) {
          inventoryFile = Path.of(value);
        } else if (a.equals("--jobs")) {
          jobs = Path.of(value);
        } else {
          variables.put(OPTIONS.get(a), value);
        }
      } else {
        err.println("error: unknown option or missing value: " + a);
        err.println(USAGE);
        return CommandLine.USAGE_OR_IO;
      }
    }
    if (inventoryFile == null || !Files.isRegularFile(inventoryFile)) {
      err.println("error: " + (inventoryFile == null ? "--inventory FILE is required"
          : inventoryFile + " does not exist or is not a file"));
      err.println(USAGE);
      return CommandLine.USAGE_OR_IO;
    }
    Inventory inventory;
    try {
      inventory = new InventoryLoader().load(inventoryFile);
    } catch (IOException e) {
      err.println("error: cannot read " + inventoryFile + ": " + e.getMessage());
      return CommandLine.USAGE_OR_IO;
    } catch (InventoryException e) {
      err.println(inventoryFile + " is invalid; check it with `inventory check " + inventoryFile + "`");
      e.problems().forEach(p -> err.println("  " + p));
      return CommandLine.INVALID;
    }
    Plan plan;
    try {
      plan = new CampaignPreparation(() -> inventory, jobs, clock).prepare(variables).plan(null);
    } catch (InvalidCampaignException e) {
      err.println("The campaign cannot start (" + e.problems().size()
          + (e.problems().size() == 1 ? " problem" : " problems") + "):");
      e.problems().forEach(p -> err.println("  " + p));
      return CommandLine.INVALID;
    }
    if (json) {
      try {
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plan));
      } catch (IOException e) {
        err.println("error: " + e.getMessage());
        return CommandLine.USAGE_OR_IO;
      }
    } else {
      out.print(plan.toMarkdown());
    }
    return plan.executable() ? CommandLine.OK : CommandLine.INVALID;
  }
}
