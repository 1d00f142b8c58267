package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;

/** The browser harness on its own: a page that changes after a click, screenshots, and a clean close. */
@ExtendWith(FleetExtension.class)
class BrowserIT {

  static final String PAGE = """
      <!doctype html><html><body>
      <button id="go" onclick="setTimeout(() => document.getElementById('out').textContent = 'done', 300)">Go</button>
      <p id="out"></p>
      </body></html>
      """;

  static HttpServer server;

  @BeforeAll
  static void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/", ex -> {
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void drivesAPageTakesScreenshotsAndLeavesNoProcess(Fleet fleet) {
    Browser browser = Browser.start(fleet, BrowserIT.class, "http://127.0.0.1:" + server.getAddress().getPort());
    Path dir = browser.directory();
    assertThat(dir).startsWith(fleet.root());
    assertThat(running(dir)).as("chromedriver and chromium run from the fleet's directory").isNotEmpty();
    try {
      browser.open("/");
      browser.click(browser.visible("#go"));
      browser.until("the page says done", d -> d.findElement(By.id("out")).getText().equals("done"));
      Path shot = browser.screenshot("page done");
      assertThat(shot).isRegularFile().hasFileName("01-page-done.png");
      assertThat(shot.resolveSibling("01-page-done.html")).content().contains("done");
      assertThat(shot.getParent()).isEqualTo(Path.of("target", "test-artifacts", "BrowserIT"));

      assertThatThrownBy(() -> browser.until("a thing that never comes", Duration.ofMillis(500),
          d -> !d.findElements(By.id("never")).isEmpty()))
          .isInstanceOf(TimeoutException.class)
          .hasMessageContaining("a thing that never comes")
          .hasMessageContaining("02-FAILED-a-thing-that-never-comes.png");
    } finally {
      browser.close();
    }
    assertThat(running(dir)).as("nothing of the browser survives close()").isEmpty();
  }

  static List<String> running(Path dir) {
    return Processes.leftovers(dir).stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
  }
}
