package io.remoteservice.agent.campaign;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.InventoryLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Inventories for the campaign tests, loaded through the real loader from throw-away files. */
final class CampaignFixtures {

  private CampaignFixtures() {}

  /**
   * Two customers. acme: portal (4 servers, 50%, minAvailable 2 → 2 at once), terminal (manual, 3 servers,
   * 1 at once). globex: app (2 servers, 1 at once), frozen (2 servers, minAvailable 2 → 0 at once).
   */
  static final String FLEET = """
      customers:
        - { id: acme, name: ACME GmbH, contacts: [it@acme.example] }
        - { id: globex, name: Globex, contacts: [ops@globex.example, lead@globex.example] }
      pools:
        - { id: portal, customer: acme, driver: none, capacity: { maxUnavailable: "50%", minAvailable: 2 } }
        - id: terminal
          customer: acme
          driver: manual
          manual: { console: "https://lb.acme.example/pools/terminal", instructions: "Pencil icon" }
          capacity: { maxUnavailable: 1, minAvailable: 1 }
        - { id: app, customer: globex, driver: none }
        - { id: frozen, customer: globex, driver: none, capacity: { maxUnavailable: 1, minAvailable: 2 } }
        - { id: spare, customer: globex, driver: none }
      servers:
        - { id: portal-01, pool: portal, host: h1, tags: [site-a] }
        - { id: portal-02, pool: portal, host: h2, tags: [site-b] }
        - { id: portal-03, pool: portal, host: h3, tags: [site-a] }
        - { id: portal-04, pool: portal, host: h4, tags: [site-b] }
        - { id: ts01, pool: terminal, host: h5, lbName: TS-01, tags: [site-a] }
        - { id: ts02, pool: terminal, host: h6, lbName: TS-02 }
        - { id: ts03, pool: terminal, host: h7, lbName: TS-03 }
        - { id: app-01, pool: app, host: h8, tags: [site-a, linux-only] }
        - { id: app-02, pool: app, host: h9 }
        - { id: frozen-01, pool: frozen, host: h10 }
        - { id: frozen-02, pool: frozen, host: h11 }
      """;

  static Inventory load(Path dir, String customersPoolsAndServers) {
    try {
      Files.writeString(dir.resolve("key"), "x");
      Path file = dir.resolve("inventory.yaml");
      Files.writeString(file, "ssh: { user: maint, identity: key, knownHosts: key }\n" + customersPoolsAndServers);
      return new InventoryLoader().load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Inventory fleet(Path dir) {
    return load(dir, FLEET);
  }
}
