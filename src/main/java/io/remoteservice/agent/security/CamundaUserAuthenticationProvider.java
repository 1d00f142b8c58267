package io.remoteservice.agent.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a user's password against the engine's identity service, the one user directory of the agent
 * (the webapps log in against it too), and turns the user's Camunda groups into authorities.
 */
@Component
class CamundaUserAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identityService;

  CamundaUserAuthenticationProvider(IdentityService identityService) {
    this.identityService = identityService;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String userId = authentication.getName();
    Object credentials = authentication.getCredentials();
    if (userId == null || userId.isBlank() || credentials == null) {
      throw new BadCredentialsException("user and password are required");
    }
    // The look-up below must not run under an identity that a previous request left on this thread.
    identityService.clearAuthentication();
    // checkPassword also counts failed attempts and locks the user after too many (engine setting).
    if (!identityService.checkPassword(userId, credentials.toString())) {
      throw new BadCredentialsException("wrong user or password");
    }
    List<GrantedAuthority> authorities = groupIds(identityService, userId).stream()
        .<GrantedAuthority>map(g -> new SimpleGrantedAuthority(Groups.authority(g)))
        .toList();
    return UsernamePasswordAuthenticationToken.authenticated(userId, null, authorities);
  }

  static List<String> groupIds(IdentityService identityService, String userId) {
    return identityService.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
