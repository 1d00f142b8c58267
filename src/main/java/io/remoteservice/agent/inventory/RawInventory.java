package io.remoteservice.agent.inventory;

import java.util.List;
import java.util.Map;

/**
 * The inventory file as written, before validation. Scalars that need a clear message when wrong
 * (durations, counts, paths) are read as text and checked by {@link InventoryLoader}.
 */
record RawInventory(RawSsh ssh, Map<String, String> vars, List<RawCustomer> customers, List<RawPool> pools,
                    List<RawServer> servers) {

  record RawSsh(String user, String port, String identity, String knownHosts) {}

  record RawCustomer(String id, String name, List<String> contacts) {}

  record RawPool(String id, String customer, String driver, RawHaproxy haproxy, RawManual manual,
                 RawCommand command, RawCapacity capacity, RawDrain drain, RawSsh ssh, Map<String, String> vars) {}

  record RawHaproxy(List<String> sockets, String backend, String table, String timeout) {}

  record RawManual(String console, String instructions) {}

  record RawCommand(List<String> drain, List<String> disable, List<String> enable, List<String> clearSticky,
                    List<String> sessions, List<String> state, String timeout) {}

  record RawCapacity(String maxUnavailable, String minAvailable) {}

  record RawDrain(String timeout, String onTimeout, Boolean sessionsOnServer, Boolean shutdownSessions) {}

  record RawServer(String id, String pool, String host, String lbName, String runRoot, List<String> tags,
                   RawSsh ssh, Map<String, String> vars) {}
}
