package io.remoteservice.agent.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A database of its own for one test class: PostgreSQL ({@link Fleet#postgres(Class)}) or H2
 * ({@link Fleet#h2(Class)}). It lives until the end of the run (Spring caches application contexts that
 * use it), then it is dropped.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) {
 *   Fleet.shared().postgres(MyIT.class).registerIn(registry);
 * }
 * }</pre>
 *
 * @param kind     "postgres" or "h2"
 * @param name     the database name ({@code rsa_it_...})
 * @param url      its JDBC URL
 * @param user     user name
 * @param password password (empty for PostgreSQL's trust and for H2)
 */
public record TestDatabase(String kind, String name, String url, String user, String password) {

  /** {@code spring.datasource.url}, {@code .username}, {@code .password} (and the driver for H2). */
  public Map<String, String> springProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", url);
    p.put("spring.datasource.username", user);
    p.put("spring.datasource.password", password);
    p.put("spring.datasource.driver-class-name",
        kind.equals("h2") ? "org.h2.Driver" : "org.postgresql.Driver");
    return p;
  }

  /** Registers {@link #springProperties()} for a {@code @DynamicPropertySource} method. */
  public void registerIn(DynamicPropertyRegistry registry) {
    springProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  /** A plain JDBC connection (the caller closes it). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }
}
