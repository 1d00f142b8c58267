package io.remoteservice.agent.security;

import java.util.List;

/** The agent's groups. Tasks go to candidate groups, never to a fixed person. */
public final class Groups {

  public static final String OPERATORS = "operators";
  public static final String APPROVERS = "approvers";
  public static final String AUDITORS = "auditors";
  /** Camunda's own administrators' group. */
  public static final String ADMINS = "camunda-admin";

  public static final List<String> ALL = List.of(OPERATORS, APPROVERS, AUDITORS, ADMINS);

  private Groups() {}

  /** The Spring Security authority that stands for membership in a Camunda group. */
  public static String authority(String groupId) {
    return "GROUP_" + groupId;
  }
}
