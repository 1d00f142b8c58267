package io.remoteservice.agent.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs every authenticated request as its Camunda user: the engine then knows who acts (initiator,
 * assignee, four eyes) and checks that user's authorizations. Cleared after the request, so that no
 * identity leaks into the next request served by the same thread.
 */
class EngineIdentityFilter extends OncePerRequestFilter {

  private final IdentityService identityService;

  EngineIdentityFilter(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated() || authentication.getName() == null
        || "anonymousUser".equals(authentication.getName())) {
      chain.doFilter(request, response);
      return;
    }
    String prefix = Groups.authority("");
    List<String> groups = authentication.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .toList();
    identityService.setAuthentication(authentication.getName(), groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }
}
