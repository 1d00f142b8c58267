package io.remoteservice.agent.process;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Says why, when the initiator of a campaign tries to claim or complete its approval through the REST
 * API: "Four eyes: …" with 403, before the engine's own refusal (a revoke authorization on the task, see
 * {@link FourEyesListener}) would answer with its generic permission message. The engine's refusal stays
 * the rule; this only explains it.
 */
@Configuration(proxyBeanMethods = false)
class FourEyesRestGuard {

  static final Pattern TASK_ACTION =
      Pattern.compile("^/engine-rest(?:/engine/[^/]+)?/task/([^/]+)/(complete|submit-form|claim|assignee)$");
  static final String APPROVAL_TASK = "UserTask_ApproveCampaign";

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> fourEyesRestFilter(IdentityService identity, TaskService tasks,
      RuntimeService runtime) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
        new Guard(identity, tasks, runtime));
    registration.addUrlPatterns("/engine-rest/*");
    // After Spring Security (which sets the engine's identity for the request), before the REST API.
    registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
    return registration;
  }

  static final class Guard extends OncePerRequestFilter {
    private final IdentityService identity;
    private final TaskService tasks;
    private final RuntimeService runtime;

    Guard(IdentityService identity, TaskService tasks, RuntimeService runtime) {
      this.identity = identity;
      this.tasks = tasks;
      this.runtime = runtime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      Matcher m = TASK_ACTION.matcher(request.getRequestURI().substring(request.getContextPath().length()));
      String initiator = "POST".equals(request.getMethod()) && m.matches() ? initiatorOfApproval(m.group(1)) : null;
      Authentication current = identity.getCurrentAuthentication();
      if (initiator != null && current != null && initiator.equals(current.getUserId())) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"AuthorizationException\",\"message\":\"Four eyes: " + initiator
            + " started this campaign and may not approve it; another member of approvers must.\"}");
        return;
      }
      chain.doFilter(request, response);
    }

    private String initiatorOfApproval(String taskId) {
      try {
        Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
        if (task == null || !APPROVAL_TASK.equals(task.getTaskDefinitionKey())) {
          return null;
        }
        Object initiator = runtime.getVariable(task.getProcessInstanceId(), ProcessVariables.INITIATOR.name());
        return initiator instanceof String s ? s : null;
      } catch (ProcessEngineException e) {
        return null; // the caller may not read it: the engine decides as usual
      }
    }
  }
}
