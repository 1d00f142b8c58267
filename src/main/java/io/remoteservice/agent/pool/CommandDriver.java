package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.CommandSettings;
import io.remoteservice.agent.inventory.Pool;
import io.remoteservice.agent.inventory.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured local command per verb. Each argument is substituted on its own and the argv goes to
 * {@link ProcessBuilder} unchanged: no shell ever sees a server's fields, so a value with blanks or
 * {@code ;} stays one argument.
 *
 * <p>Output formats: {@code sessions} prints one integer (the sessions over all load balancers);
 * {@code state} prints one line per load balancer with {@code key=value} words: {@code status=} one of
 * UP, DRAIN, MAINT, DOWN (required), {@code sessions=N}, {@code weight=N}, {@code lb=NAME} (optional).
 */
final class CommandDriver implements PoolDriver {

  static final int MAX_OUTPUT = 8 * 1024;
  private static final Pattern WORD = Pattern.compile("(\\w+)=(\\S+)");

  private final Pool pool;
  private final CommandSettings settings;

  CommandDriver(Pool pool) {
    this.pool = pool;
    this.settings = pool.command();
  }

  /** The argv of a verb for a server: placeholders replaced inside each argument. */
  static List<String> argv(List<String> template, Server server, Pool pool) {
    List<String> out = new ArrayList<>(template.size());
    for (String arg : template) {
      out.add(arg.replace("{serverId}", server.id())
          .replace("{lbName}", server.lbName() == null ? "" : server.lbName())
          .replace("{host}", server.host())
          .replace("{pool}", pool.id()));
    }
    return out;
  }

  @Override
  public ActionResult drain(Server server) {
    return act("drain", server);
  }

  @Override
  public ActionResult disable(Server server) {
    return act("disable", server);
  }

  @Override
  public ActionResult enable(Server server) {
    return act("enable", server);
  }

  @Override
  public ActionResult clearSticky(Server server) {
    if (!settings.verbs().containsKey("clearSticky")) {
      return ActionResult.nothingToDo("pool " + pool.id() + " has no clearSticky command: nothing to clear for "
          + server.id());
    }
    return act("clearSticky", server);
  }

  private ActionResult act(String verb, Server server) {
    String output = run(verb, server);
    return ActionResult.done(verb + " " + server.id() + " done by command", output.isBlank() ? List.of()
        : List.of(output.strip()));
  }

  @Override
  public SessionCount sessions(Server server) {
    String output = run("sessions", server);
    String first = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    if (!first.matches("\\d{1,9}")) {
      throw new PoolDriverException("the sessions command of pool " + pool.id() + " for server " + server.id()
          + " must print the number of sessions on its first line, but printed: "
          + HaproxyReplies.abbreviate(output.strip()));
    }
    return new SessionCount(Integer.parseInt(first), "command");
  }

  @Override
  public ServerState state(Server server) {
    return new ServerState(server.id(), server.lbName(), parseState(run("state", server), pool.id(), server.id()));
  }

  static List<LbState> parseState(String output, String poolId, String serverId) {
    List<LbState> lbs = new ArrayList<>();
    for (String line : output.lines().filter(l -> !l.isBlank()).toList()) {
      String lb = "command";
      String status = null;
      Integer sessions = null;
      Integer weight = null;
      Matcher m = WORD.matcher(line);
      int matched = 0;
      while (m.find()) {
        matched += m.group().length();
        try {
          switch (m.group(1)) {
            case "lb" -> lb = m.group(2);
            case "status" -> status = m.group(2).toUpperCase(Locale.ROOT);
            case "sessions" -> sessions = Integer.parseInt(m.group(2));
            case "weight" -> weight = Integer.parseInt(m.group(2));
            default -> throw bad(poolId, serverId, line, "unknown word " + m.group(1));
          }
        } catch (NumberFormatException e) {
          throw bad(poolId, serverId, line, m.group(1) + " is not a number");
        }
      }
      if (matched != line.replaceAll("\\s", "").length()) {
        throw bad(poolId, serverId, line, "every word must be key=value");
      }
      if (status == null || !List.of("UP", "DRAIN", "MAINT", "DOWN").contains(status)) {
        throw bad(poolId, serverId, line, "status= must be one of UP, DRAIN, MAINT, DOWN");
      }
      lbs.add(new LbState(lb, LbStatus.valueOf(status), status, sessions, weight, null));
    }
    if (lbs.isEmpty()) {
      throw bad(poolId, serverId, "", "no output");
    }
    return lbs;
  }

  private static PoolDriverException bad(String poolId, String serverId, String line, String why) {
    return new PoolDriverException("the state command of pool " + poolId + " for server " + serverId
        + " printed '" + HaproxyReplies.abbreviate(line) + "': " + why + " (expected e.g. 'status=UP sessions=3"
        + " weight=100', one line per load balancer)");
  }

  private String run(String verb, Server server) {
    List<String> argv = argv(settings.verbs().get(verb), server, pool);
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new PoolDriverException("cannot start the " + verb + " command of pool " + pool.id() + " " + argv
          + ": " + e.getMessage());
    }
    BoundedReader reader = new BoundedReader(process.getInputStream());
    Thread readerThread = new Thread(reader, "pool-command-output");
    readerThread.setDaemon(true);
    readerThread.start();
    try {
      if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new PoolDriverException("the " + verb + " command of pool " + pool.id() + " for server "
            + server.id() + " " + argv + " did not end within " + settings.timeout() + " and was killed");
      }
      readerThread.join(1000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new PoolDriverException("interrupted while running the " + verb + " command of pool " + pool.id());
    }
    String output = reader.text();
    if (process.exitValue() != 0) {
      throw new PoolDriverException("the " + verb + " command of pool " + pool.id() + " for server " + server.id()
          + " " + argv + " exited with " + process.exitValue() + ": " + output.strip());
    }
    return output;
  }

  /** Keeps the first {@link #MAX_OUTPUT} bytes and reads the rest away, so the command never blocks. */
  private static final class BoundedReader implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean truncated;

    BoundedReader(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[4096];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (kept) {
            int room = MAX_OUTPUT - kept.size();
            kept.write(buf, 0, Math.max(0, Math.min(room, n)));
            truncated |= n > room;
          }
        }
      } catch (IOException e) {
        // the process ended or was killed; what was read is kept
      }
    }

    String text() {
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8) + (truncated ? "\n[output truncated]" : "");
      }
    }
  }
}
