package io.remoteservice.agent.process;

import static io.remoteservice.agent.process.ProcessVariables.INITIATOR;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Four eyes on UserTask_ApproveCampaign, enforced by the engine so that Tasklist and the REST API refuse
 * alike. When the task is created, the campaign's initiator loses the right to work on it (a revoke
 * authorization for that user on that task: the REST API answers 403). As a backstop — administrators
 * pass every authorization check — claiming or completing it as the initiator fails in the listener.
 */
@Component
class FourEyesListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    String initiator = INITIATOR.from(task);
    if (initiator == null) {
      return;
    }
    if (TaskListener.EVENTNAME_CREATE.equals(task.getEventName())) {
      revoke(task, initiator);
      return;
    }
    boolean assignedToInitiator = TaskListener.EVENTNAME_ASSIGNMENT.equals(task.getEventName())
        && initiator.equals(task.getAssignee());
    Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    boolean initiatorActs = current != null && initiator.equals(current.getUserId());
    if (assignedToInitiator || initiatorActs) {
      throw new AuthorizationException("Four eyes: " + initiator + " started this campaign and may not approve it;"
          + " another member of approvers must.");
    }
  }

  private static void revoke(DelegateTask task, String initiator) {
    AuthorizationService authorizations = task.getProcessEngineServices().getAuthorizationService();
    Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
    revoke.setUserId(initiator);
    revoke.setResource(Resources.TASK);
    revoke.setResourceId(task.getId());
    revoke.removePermission(Permissions.UPDATE);
    revoke.removePermission(TaskPermissions.TASK_WORK);
    revoke.removePermission(TaskPermissions.TASK_ASSIGN);
    authorizations.saveAuthorization(revoke);
  }
}
