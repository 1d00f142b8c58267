package io.remoteservice.agent.security;

import io.remoteservice.agent.config.RsaProperties;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.PasswordPolicyResult;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Creates the groups, their authorizations, the shared Tasklist filters and the first administrator at
 * start-up, before the web server accepts requests. Under the {@code demo} profile it also creates one
 * user per group with a fresh generated password, printed in the log.
 */
@Component
class IdentityBootstrap implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);
  static final Map<String, String> DEMO_USERS = demoUsers();

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final FilterService filters;
  private final TaskService tasks;
  private final RsaProperties properties;
  private final Environment environment;
  private final SecureRandom random = new SecureRandom();
  private String demoBanner;

  IdentityBootstrap(IdentityService identity, AuthorizationService authorizations, FilterService filters,
      TaskService tasks, RsaProperties properties, Environment environment) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.filters = filters;
    this.tasks = tasks;
    this.properties = properties;
    this.environment = environment;
  }

  private static Map<String, String> demoUsers() {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("operator", Groups.OPERATORS);
    users.put("approver", Groups.APPROVERS);
    users.put("auditor", Groups.AUDITORS);
    users.put("admin", Groups.ADMINS);
    return users;
  }

  @Override
  public void afterPropertiesSet() {
    groups();
    AccessPolicy policy = new AccessPolicy(authorizations);
    policy.apply();
    sharedFilters(policy);
    firstAdministrator();
    if (environment.acceptsProfiles(Profiles.of("demo"))) {
      demo();
    }
  }

  private void groups() {
    Map<String, String> names = Map.of(
        Groups.OPERATORS, "Operators", Groups.APPROVERS, "Approvers",
        Groups.AUDITORS, "Auditors", Groups.ADMINS, "Administrators");
    for (String id : Groups.ALL) {
      if (identity.createGroupQuery().groupId(id).singleResult() == null) {
        Group group = identity.newGroup(id);
        group.setName(names.get(id));
        group.setType(Groups.ADMINS.equals(id) ? "SYSTEM" : "WORKFLOW");
        identity.saveGroup(group);
        log.info("Created group {}", id);
      }
    }
  }

  private void sharedFilters(AccessPolicy policy) {
    policy.shareFilter(filter("My group's tasks", "Tasks offered to your groups, assigned or not", -10,
        tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").includeAssignedTasks()));
    policy.shareFilter(filter("Assigned to me", "Tasks you have claimed", -5,
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}")));
  }

  private String filter(String name, String description, int priority,
      org.camunda.bpm.engine.task.TaskQuery query) {
    Filter existing = filters.createTaskFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      return existing.getId();
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("description", description);
    props.put("priority", priority);
    props.put("refresh", true);
    Filter filter = filters.newTaskFilter(name).setQuery(query).setProperties(props);
    return filters.saveFilter(filter).getId();
  }

  private void firstAdministrator() {
    RsaProperties.Admin admin = properties.admin();
    if (admin.user() == null || admin.user().isBlank()) {
      return; // StartupPreconditions already refused this outside the demo profile.
    }
    if (!admin.user().matches("[a-zA-Z0-9]+")) {
      throw new IllegalStateException("rsa.admin.user (RSA_ADMIN_USER) '" + admin.user()
          + "' is not a valid user id: use letters and digits only");
    }
    User existing = identity.createUserQuery().userId(admin.user()).singleResult();
    if (existing == null) {
      User user = identity.newUser(admin.user());
      user.setFirstName("Agent");
      user.setLastName("Administrator");
      checkPolicy(admin.password(), user, "rsa.admin.password (RSA_ADMIN_PASSWORD)");
      user.setPassword(admin.password());
      identity.saveUser(user);
      log.info("Created the first administrator '{}'", admin.user());
    } else {
      log.info("Administrator '{}' exists; its password is kept (change it in the Admin webapp)", admin.user());
    }
    joinGroup(admin.user(), Groups.ADMINS);
  }

  private void checkPolicy(String password, User user, String setting) {
    PasswordPolicyResult result = identity.checkPasswordAgainstPolicy(password, user);
    if (!result.isValid()) {
      String rules = result.getViolatedRules().stream()
          .map(r -> r.getPlaceholder() + (r.getParameters() == null ? "" : " " + r.getParameters()))
          .collect(Collectors.joining(", "));
      throw new IllegalStateException(setting + " does not meet the password policy (" + rules
          + "): use at least 10 characters with upper and lower case letters, a digit and a special character,"
          + " and nothing of the user's id or name");
    }
  }

  private void joinGroup(String userId, String groupId) {
    if (identity.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  /** Printed once the web server listens, so that the address in it is the real one. */
  @EventListener(ApplicationReadyEvent.class)
  public void announceDemo() {
    if (demoBanner == null) {
      return;
    }
    String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    String base = "http://localhost:" + port;
    log.info("{}\n  Tasklist: {}/camunda/app/tasklist/   Cockpit: {}/camunda/app/cockpit/   REST: {}/engine-rest\n"
        + "  Try this: 1) Tasklist as 'operator': Start process > Maintenance campaign, job update-portal-config,"
        + " targets pool:sw-portal, failure budget 1; confirm the plan\n"
        + "            2) Tasklist as 'approver': approve it; a minute later sw-portal-03 has failed, was reverted"
        + " and waits as 'Arrange manual access' for 'operator'\n"
        + "            3) Cockpit as 'auditor': what ran, read-only; GET /api/reports the servers' outcomes\n",
        demoBanner, base, base, base);
  }

  private void demo() {
    StringBuilder banner = new StringBuilder("\n\n=== Remote Service Agent demo: users (passwords are new at every start) ===\n");
    for (Map.Entry<String, String> entry : DEMO_USERS.entrySet()) {
      String password = generatePassword();
      User user = identity.createUserQuery().userId(entry.getKey()).singleResult();
      if (user == null) {
        user = identity.newUser(entry.getKey());
        user.setFirstName("Demo");
        user.setLastName(entry.getValue());
      }
      user.setPassword(password);
      identity.saveUser(user);
      identity.unlockUser(entry.getKey());
      joinGroup(entry.getKey(), entry.getValue());
      banner.append(String.format("  %-9s %-20s (group %s)%n", entry.getKey(), password, entry.getValue()));
    }
    demoBanner = banner.toString();
  }

  /** 16 characters from all four classes that Camunda's password policy asks for. */
  private String generatePassword() {
    String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    String lower = "abcdefghijkmnopqrstuvwxyz";
    String digits = "23456789";
    String special = "-_+!";
    String all = upper + lower + digits;
    StringBuilder sb = new StringBuilder();
    sb.append(upper.charAt(random.nextInt(upper.length())));
    for (int i = 0; i < 12; i++) {
      sb.append(all.charAt(random.nextInt(all.length())));
    }
    sb.append(lower.charAt(random.nextInt(lower.length())));
    sb.append(digits.charAt(random.nextInt(digits.length())));
    sb.append(special.charAt(random.nextInt(special.length())));
    return sb.toString();
  }
}
