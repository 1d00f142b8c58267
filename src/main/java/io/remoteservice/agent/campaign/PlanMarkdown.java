package io.remoteservice.agent.campaign;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Renders a {@link Plan} for the approval form. Long lists are cut, so that hundreds of servers stay readable. */
final class PlanMarkdown {

  /** Servers listed per pool or round before "... and N more". */
  static final int MAX_LISTED = 20;
  static final int MAX_ROUNDS = 20;

  private PlanMarkdown() {}

  static String render(Plan p) {
    StringBuilder s = new StringBuilder();
    PlannedJob job = p.job();
    s.append("## Campaign plan: ").append(cell(job.title())).append("\n\n");
    s.append("- **Job:** `").append(job.id()).append("` version ").append(job.version());
    if (!job.requires().isEmpty()) {
      s.append(", requires ").append(String.join(", ", job.requires()));
    }
    s.append('\n');
    s.append("- **Digest:** `").append(job.digest()).append("`\n");
    int pools = p.customers().stream().mapToInt(c -> c.pools().size()).sum();
    s.append("- **Targets:** ").append(p.targetCount()).append(p.targetCount() == 1 ? " server" : " servers")
        .append(" of ").append(p.customers().size()).append(p.customers().size() == 1 ? " customer" : " customers")
        .append(" in ").append(pools).append(pools == 1 ? " pool" : " pools").append('\n');
    s.append("- **Window:** from ").append(p.windowStart()).append(" until ")
        .append(p.windowEnd() == null ? "open end" : p.windowEnd()).append('\n');
    s.append("- **Parallelism:** at most ").append(p.parallelism()).append(" servers at once\n");
    s.append("- **Failure budget:** ").append(p.failureBudget())
        .append(p.failureBudget().endsWith("%") ? " of " + p.targetCount() + " targets, rounded down," : "")
        .append(" = ").append(p.failureBudgetLimit())
        .append(p.failureBudgetLimit() == 1 ? " failure" : " failures")
        .append(" tolerated; failure ").append(p.failureBudgetLimit() + 1)
        .append(" stops new starts\n");
    s.append("- **Estimated rounds:** ").append(p.estimatedRounds()).append(" (canary ").append(p.canaryRounds())
        .append(", rollout ").append(p.rounds().size()).append("); a round lasts about one server's maintenance\n\n");

    s.append("### Targets per customer and pool\n\n");
    s.append("| Customer | Pool | Driver | Targets / pool size | At once (maxUnavailable, minAvailable) | Rounds | Servers |\n");
    s.append("|---|---|---|---|---|---|---|\n");
    for (Plan.CustomerPlan c : p.customers()) {
      for (Plan.PoolPlan pool : c.pools()) {
        s.append("| ").append(cell(c.name() == null ? c.id() : c.name())).append(" (`").append(c.id()).append("`)")
            .append(" | `").append(pool.id()).append("` | ").append(pool.driver())
            .append(" | ").append(pool.servers().size()).append(" / ").append(pool.poolSize())
            .append(" | ").append(pool.atOnce()).append(" (").append(pool.maxUnavailable()).append(", ")
            .append(pool.minAvailable()).append(")")
            .append(" | ").append(pool.waves().size())
            .append(" | ").append(list(pool.servers())).append(" |\n");
      }
    }
    s.append('\n');
    s.append("Notices go to: ").append(p.customers().stream()
        .map(c -> c.id() + " (" + (c.contacts().isEmpty() ? "no contacts" : String.join(", ", c.contacts())) + ")")
        .collect(Collectors.joining("; "))).append("\n\n");

    s.append("### Canary\n\n");
    s.append(p.canary().isEmpty() ? "No canary: the rollout starts at once.\n\n"
        : list(p.canary()) + " first; the rollout starts when they succeeded (on a canary failure a person"
            + " decides: continue or abort).\n\n");

    s.append("### Order\n\n");
    if (p.rounds().isEmpty()) {
      s.append("Nothing after the canary.\n");
    }
    for (int i = 0; i < p.rounds().size() && i < MAX_ROUNDS; i++) {
      s.append(i + 1).append(". ").append(list(p.rounds().get(i))).append('\n');
    }
    if (p.rounds().size() > MAX_ROUNDS) {
      s.append("\n... and ").append(p.rounds().size() - MAX_ROUNDS).append(" more rounds\n");
    }
    s.append('\n');

    s.append("### Preflight\n\n");
    if (!p.preflightChecked()) {
      s.append("No preflight results: platform compatibility was not checked.\n");
    } else {
      Map<String, Long> perPlatform = new TreeMap<>(p.platforms().values().stream()
          .collect(Collectors.groupingBy(x -> x, Collectors.counting())));
      s.append(perPlatform.isEmpty() ? "No server was probed successfully.\n" : "Probed: " + perPlatform.entrySet()
          .stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", ")) + "\n");
    }
    s.append('\n');
    if (p.findings().isEmpty()) {
      s.append("No findings.\n");
    } else {
      for (Plan.Finding f : p.findings()) {
        s.append("- **").append(f.severity()).append("** `").append(f.subject()).append("`: ")
            .append(cell(f.message())).append('\n');
      }
    }
    return s.toString();
  }

  private static String list(List<String> ids) {
    String shown = ids.stream().limit(MAX_LISTED).collect(Collectors.joining(", "));
    return ids.size() > MAX_LISTED ? shown + ", ... and " + (ids.size() - MAX_LISTED) + " more" : shown;
  }

  /** Keeps user text from breaking a table row or starting Markdown of its own. */
  private static String cell(String text) {
    return text == null ? "" : text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }
}
