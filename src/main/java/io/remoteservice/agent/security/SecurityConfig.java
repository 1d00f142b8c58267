package io.remoteservice.agent.security;

import static org.springframework.security.config.Customizer.withDefaults;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;

/**
 * Nothing reaches the engine anonymously. The REST API ({@code /engine-rest}), the agent's API
 * ({@code /api}) and the metrics take HTTP Basic credentials of a Camunda user; the webapps (Cockpit,
 * Tasklist, Admin) have their own login and CSRF protection against the same users.
 */
@Configuration
@EnableWebSecurity
class SecurityConfig {

  private static final String[] READERS = {
      Groups.authority(Groups.OPERATORS), Groups.authority(Groups.APPROVERS),
      Groups.authority(Groups.AUDITORS), Groups.authority(Groups.ADMINS)};

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(HttpSecurity http, CamundaUserAuthenticationProvider users,
      IdentityService identityService) throws Exception {
    BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
    basic.setRealmName("Remote Service Agent");
    // Path patterns, not MVC matchers: the engine's REST API is a Jersey servlet outside Spring MVC.
    PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
    http.securityMatcher(new OrRequestMatcher(
            path.matcher("/engine-rest/**"), path.matcher("/api/**"), path.matcher("/actuator/**")))
        .authorizeHttpRequests(auth -> auth
            // Load balancers and orchestrators probe health without credentials; details need a login.
            .requestMatchers(path.matcher("/actuator/health"), path.matcher("/actuator/health/**")).permitAll()
            .requestMatchers(path.matcher("/actuator/**")).hasAuthority(Groups.authority(Groups.ADMINS))
            // Pause, resume, abort and re-run change a campaign: operators and administrators only.
            .requestMatchers(path.matcher(HttpMethod.POST, "/api/campaigns/**"))
            .hasAnyAuthority(Groups.authority(Groups.OPERATORS), Groups.authority(Groups.ADMINS))
            .requestMatchers(path.matcher("/api/**")).hasAnyAuthority(READERS)
            .anyRequest().authenticated())
        .authenticationProvider(users)
        .httpBasic(basicAuth -> basicAuth.authenticationEntryPoint(basic))
        .exceptionHandling(e -> e.authenticationEntryPoint(basic))
        // Stateless Basic authentication carries no cookie, so there is no CSRF to defend against.
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterAfter(new EngineIdentityFilter(identityService), AuthorizationFilter.class);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webappSecurity(HttpSecurity http) throws Exception {
    // Cockpit, Tasklist and Admin authenticate against the engine's users themselves (session login)
    // and bring their own CSRF filter; Spring Security adds its headers and nothing else here.
    http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .headers(withDefaults())
        .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
    return http.build();
  }
}
