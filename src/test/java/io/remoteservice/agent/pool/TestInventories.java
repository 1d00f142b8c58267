package io.remoteservice.agent.pool;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an inventory with throw-away key files and loads it. */
final class TestInventories {

  private TestInventories() {}

  static Inventory load(Path dir, String poolsAndServers) {
    try {
      Files.writeString(dir.resolve("key"), "x");
      Path file = dir.resolve("inventory.yaml");
      Files.writeString(file, "ssh: { user: maint, identity: key, knownHosts: key }\n"
          + "customers: [ { id: acme, contacts: [it@acme.example] } ]\n" + poolsAndServers);
      return new InventoryLoader().load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
