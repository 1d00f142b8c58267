package io.remoteservice.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole agent on a random port with an in-memory H2 database. Every IT that uses exactly this
 * annotation shares one Spring context (and one engine), which keeps the suite fast.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:rsa-it;DB_CLOSE_DELAY=-1",
    "rsa.admin.user=" + AgentTest.ADMIN,
    "rsa.admin.password=" + AgentTest.PASSWORD,
    "rsa.timers.auto-action-poll=PT1S",
    "rsa.timers.drain-poll=PT1S",
    "rsa.timers.capacity-retry=PT1S",
    "rsa.timers.up-poll=PT1S"})
public @interface AgentTest {
  String ADMIN = "itadmin";
  /** Meets Camunda's password policy; only ever used against in-memory test databases. */
  String PASSWORD = "It-Admin-Pass-1!";
}
