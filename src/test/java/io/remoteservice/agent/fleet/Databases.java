package io.remoteservice.agent.fleet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates and drops the test databases. PostgreSQL: {@code 127.0.0.1:5432}, user {@code postgres}, database
 * {@code test} unless the system properties {@code rsa.it.postgres.url}, {@code .user}, {@code .password}
 * (or environment RSA_IT_POSTGRES_URL, ...) say otherwise.
 */
final class Databases {

  private static final Pattern OWN = Pattern.compile("rsa_it_.*_p(\\d+)_\\d+");
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final String adminUrl;
  private final String adminUser;
  private final String adminPassword;
  private boolean staleDropped;

  Databases() {
    this(setting("rsa.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
        setting("rsa.it.postgres.user", "postgres"), setting("rsa.it.postgres.password", ""));
  }

  Databases(String adminUrl, String adminUser, String adminPassword) {
    this.adminUrl = adminUrl;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  private static String setting(String property, String fallback) {
    String env = System.getenv(property.toUpperCase(Locale.ROOT).replace('.', '_'));
    return System.getProperty(property, env != null ? env : fallback);
  }

  static String uniqueName(Class<?> owner) {
    String base = owner.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (base.length() > 30) {
      base = base.substring(0, 30);
    }
    return "rsa_it_" + base + "_p" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
  }

  TestDatabase createPostgres(Class<?> owner) {
    String name = uniqueName(owner);
    try (Connection c = admin(); Statement st = c.createStatement()) {
      if (!staleDropped) {
        dropStale(c);
        staleDropped = true;
      }
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name + " on " + adminUrl + ": "
          + e.getMessage(), e);
    }
    String url = adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    return new TestDatabase("postgres", name, url, adminUser, adminPassword);
  }

  static TestDatabase createH2(Class<?> owner) {
    String name = uniqueName(owner);
    return new TestDatabase("h2", name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
  }

  void drop(TestDatabase db) {
    if (db.kind().equals("h2")) {
      try (Connection c = db.connect(); Statement st = c.createStatement()) {
        st.execute("SHUTDOWN");
      } catch (SQLException e) {
        // already gone
      }
      return;
    }
    try (Connection c = admin(); Statement st = c.createStatement()) {
      // FORCE: a cached Spring context may still hold connections at the end of the run.
      st.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test database " + db.name() + ": " + e.getMessage(), e);
    }
  }

  /** Databases of earlier runs whose JVM is gone (killed before it could clean up). */
  private static void dropStale(Connection c) throws SQLException {
    List<String> stale = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'rsa\\_it\\_%'")) {
      while (rs.next()) {
        Matcher m = OWN.matcher(rs.getString(1));
        if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          stale.add(rs.getString(1));
        }
      }
    }
    try (Statement st = c.createStatement()) {
      for (String name : stale) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private Connection admin() {
    Properties p = new Properties();
    p.setProperty("user", adminUser);
    p.setProperty("password", adminPassword);
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    try {
      return DriverManager.getConnection(adminUrl, p);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + adminUrl + " as user " + adminUser
          + " (" + e.getMessage() + "). Integration tests need it and never skip: start PostgreSQL"
          + " (service postgresql start, or run .ci/run), or point rsa.it.postgres.url / RSA_IT_POSTGRES_URL"
          + " at a server where that user may create databases.", e);
    }
  }
}
