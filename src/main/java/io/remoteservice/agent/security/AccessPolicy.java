package io.remoteservice.agent.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;

/**
 * Who may do what, as Camunda authorizations. Applied at every start-up; a grant that exists already is
 * widened to include the permissions listed here, nothing else is touched (administrators may add more in
 * the Admin webapp).
 *
 * <ul>
 *   <li>operators: Tasklist and Cockpit; start {@code maintenance-campaign}; work the tasks offered to
 *       their group; see process instances and incidents and retry them.
 *   <li>approvers: Tasklist; see and complete the tasks offered to their group (approvals).
 *   <li>auditors: Cockpit and the REST API read-only: definitions, instances, history, the operation log.
 *   <li>camunda-admin: everything.
 * </ul>
 * Tasks are visible to the groups they are offered to: the engine grants a candidate group read and work
 * permission on each task when the task is created, and nothing more. No group gets {@code READ_TASK} on
 * process definitions: with resource id {@code *} it would show every task, approvals included, to all.
 */
final class AccessPolicy {

  /** The only process people start; servers are maintained as its children. */
  static final String CAMPAIGN_PROCESS = "maintenance-campaign";

  private final AuthorizationService authorizations;

  AccessPolicy(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  void apply() {
    grantAll(Groups.ADMINS);

    grant(Groups.OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Groups.OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Groups.OPERATORS, Resources.PROCESS_DEFINITION, "*",
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.UPDATE_INSTANCE,
        ProcessDefinitionPermissions.RETRY_JOB, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.SUSPEND_INSTANCE);
    grant(Groups.OPERATORS, Resources.PROCESS_DEFINITION, CAMPAIGN_PROCESS,
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Groups.OPERATORS, Resources.PROCESS_INSTANCE, "*",
        ProcessInstancePermissions.CREATE, ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE,
        ProcessInstancePermissions.RETRY_JOB);
    grant(Groups.OPERATORS, Resources.DEPLOYMENT, "*", Permissions.READ);
    grant(Groups.OPERATORS, Resources.USER, "*", Permissions.READ);
    grant(Groups.OPERATORS, Resources.GROUP, "*", Permissions.READ);

    grant(Groups.APPROVERS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Groups.APPROVERS, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ);
    grant(Groups.APPROVERS, Resources.USER, "*", Permissions.READ);
    grant(Groups.APPROVERS, Resources.GROUP, "*", Permissions.READ);

    grant(Groups.AUDITORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Groups.AUDITORS, Resources.PROCESS_DEFINITION, "*",
        ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE);
    grant(Groups.AUDITORS, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.READ);
    grant(Groups.AUDITORS, Resources.DEPLOYMENT, "*", Permissions.READ);
    grant(Groups.AUDITORS, Resources.OPERATION_LOG_CATEGORY, "*", UserOperationLogCategoryPermissions.READ);
    grant(Groups.AUDITORS, Resources.USER, "*", Permissions.READ);
    grant(Groups.AUDITORS, Resources.GROUP, "*", Permissions.READ);
  }

  /** Lets every user read a shared Tasklist filter. */
  void shareFilter(String filterId) {
    Authorization existing = authorizations.createAuthorizationQuery()
        .resourceType(Resources.FILTER).resourceId(filterId).userIdIn(Authorization.ANY).singleResult();
    if (existing == null) {
      Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
      auth.setResource(Resources.FILTER);
      auth.setResourceId(filterId);
      auth.addPermission(Permissions.READ);
      authorizations.saveAuthorization(auth);
    }
  }

  private void grantAll(String groupId) {
    for (Resources resource : Resources.values()) {
      grant(groupId, resource, "*", Permissions.ALL);
    }
  }

  private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    List<Authorization> existing = authorizations.createAuthorizationQuery()
        .authorizationType(AUTH_TYPE_GRANT).groupIdIn(groupId)
        .resourceType(resource).resourceId(resourceId).list();
    Authorization auth = existing.isEmpty() ? authorizations.createNewAuthorization(AUTH_TYPE_GRANT) : existing.get(0);
    if (existing.isEmpty()) {
      auth.setGroupId(groupId);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    }
    boolean changed = existing.isEmpty();
    for (Permission permission : permissions) {
      if (!auth.isPermissionGranted(permission)) {
        auth.addPermission(permission);
        changed = true;
      }
    }
    if (changed) {
      authorizations.saveAuthorization(auth);
    }
  }
}
