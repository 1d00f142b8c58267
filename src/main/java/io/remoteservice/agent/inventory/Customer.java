package io.remoteservice.agent.inventory;

import java.util.List;

/** A customer: the legally autonomous owner of servers; announcements and reports go to its contacts. */
public record Customer(String id, String name, List<String> contacts) {
  public Customer {
    contacts = List.copyOf(contacts);
  }
}
