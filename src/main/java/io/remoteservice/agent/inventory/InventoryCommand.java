package io.remoteservice.agent.inventory;

import io.remoteservice.agent.cli.CommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code inventory check FILE}: validates an inventory without a server or database. */
public final class InventoryCommand implements CommandLine.Command {

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !args[0].equals("check")) {
      err.println("Usage: inventory check FILE");
      return CommandLine.USAGE_OR_IO;
    }
    Path file = Path.of(args[1]);
    if (!Files.isRegularFile(file)) {
      err.println("error: " + file + " does not exist or is not a file");
      return CommandLine.USAGE_OR_IO;
    }
    Inventory inventory;
    try {
      inventory = new InventoryLoader().load(file);
    } catch (IOException e) {
      err.println("error: cannot read " + file + ": " + e.getMessage());
      return CommandLine.USAGE_OR_IO;
    } catch (InventoryException e) {
      err.println(file + " is invalid (" + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
          + "):");
      e.problems().forEach(p -> err.println("  " + p));
      return CommandLine.INVALID;
    }
    out.println(file + " is valid: " + inventory.customers().size() + " customers, " + inventory.pools().size()
        + " pools, " + inventory.servers().size() + " servers");
    for (Pool pool : inventory.pools()) {
      int size = inventory.serversOf(pool.id()).size();
      Capacity c = pool.capacity();
      out.println("  pool " + pool.id() + " (customer " + pool.customer() + ", driver " + pool.driver().yamlName()
          + "): " + size + " servers, maxUnavailable " + c.maxUnavailable() + " (= " + c.maxUnavailable().of(size)
          + "), minAvailable " + c.minAvailable() + ", at most " + c.allowedUnavailable(size)
          + " out at once; drain " + pool.drain().timeout() + " then " + pool.drain().onTimeout().yamlName());
      if (size > 0 && c.allowedUnavailable(size) == 0) {
        out.println("  warning: pool " + pool.id() + ": with " + size + " servers, maxUnavailable " + c.maxUnavailable()
            + " and minAvailable " + c.minAvailable() + " allow no server to be taken out, so none of its servers"
            + " can be maintained; raise maxUnavailable (a percentage is rounded down) or lower minAvailable");
      }
    }
    return CommandLine.OK;
  }
}
