package io.remoteservice.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's offline commands: they need no server and no database. Exit codes follow DESIGN.md:
 * 0 valid, 2 invalid (every problem listed), 1 usage or I/O error.
 */
public final class CommandLine {

  public static final int OK = 0;
  public static final int USAGE_OR_IO = 1;
  public static final int INVALID = 2;

  /** A command group ({@code job}, {@code inventory}, {@code hostkey}) and its handler. */
  public interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  private CommandLine() {}

  /** Registers a command group; called from static initialisers of the command classes below. */
  static synchronized void register(String name, Command command) {
    COMMANDS.put(name, command);
  }

  private static synchronized Map<String, Command> commands() {
    if (COMMANDS.isEmpty()) {
      Commands.registerAll();
    }
    return COMMANDS;
  }

  public static boolean isCommand(String[] args) {
    return args.length > 0 && !args[0].startsWith("-") && commands().containsKey(args[0])
        || args.length > 0 && (args[0].equals("help") || args[0].equals("--help"));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage(out);
      return args.length == 0 ? USAGE_OR_IO : OK;
    }
    Command command = commands().get(args[0]);
    if (command == null) {
      err.println("Unknown command '" + args[0] + "'.");
      usage(err);
      return USAGE_OR_IO;
    }
    try {
      return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return USAGE_OR_IO;
    }
  }

  private static void usage(PrintStream out) {
    out.println("Usage: java -jar remote-service-agent.jar [COMMAND ...]");
    out.println("Without a command the agent starts (engine, Tasklist, Cockpit, REST API).");
    out.println("Commands (no server, no database):");
    out.println("  job check DIR [--json]       validate a job package, print id, version, digest, variants");
    out.println("  inventory check FILE         validate an inventory file");
    out.println("  hostkey scan HOST[:PORT]     show a host's SSH key and fingerprint for confirmation");
    out.println("  campaign plan --inventory FILE --job ID --targets T [...] [--json]   preview a campaign's plan");
    out.println("Exit codes: 0 valid, 2 invalid, 1 usage or I/O error.");
  }
}
