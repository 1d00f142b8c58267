package io.remoteservice.agent;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/** Camunda users the integration tests log in with. */
public final class TestUsers {

  private TestUsers() {}

  /** Creates the user in the group unless it exists already (the Spring context, and its engine, is shared). */
  public static void ensure(IdentityService identity, String id, String group, String password) {
    ensure(identity, id, group, password, null, null);
  }

  /** The same with the first and last name that Tasklist shows. */
  public static void ensure(IdentityService identity, String id, String group, String password, String first,
      String last) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(first);
      user.setLastName(last);
      user.setPassword(password);
      identity.saveUser(user);
      identity.createMembership(id, group);
    }
  }
}
