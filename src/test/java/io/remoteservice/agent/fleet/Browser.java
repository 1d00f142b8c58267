package io.remoteservice.agent.fleet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for tests that look at the agent as a
 * person does. Nothing is downloaded: the driver and the browser are given by path, so Selenium Manager
 * never runs. Each browser has a fresh profile under the fleet's directory and closes with the fleet at
 * the latest; whatever it started is killed on {@link #close()}, so the fleet's clean-up check holds.
 *
 * <pre>{@code
 * try (Browser browser = Browser.start(Fleet.shared(), MyIT.class, "http://localhost:" + port)) {
 *   CamundaWebapp tasklist = browser.tasklist();
 *   tasklist.login("operator1", password);
 *   browser.screenshot("task-list");      // target/test-artifacts/MyIT/01-task-list.png
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Long enough for a webapp's first load on a busy 2-core machine, short enough to fail a test soon. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final AtomicInteger PROFILES = new AtomicInteger();

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path dir;
  private final Path profile;
  private final Path artifacts;
  private final String baseUrl;
  private final AtomicInteger steps = new AtomicInteger();
  private final List<ProcessHandle> started = new ArrayList<>();
  private boolean closed;

  private Browser(Fleet fleet, Class<?> testClass, String baseUrl) {
    Tools.require(CHROMIUM, "chromium");
    Tools.require(CHROMEDRIVER, "chromium-driver");
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.artifacts = Path.of("target", "test-artifacts", testClass.getSimpleName());
    this.dir = fleet.root().resolve("browser-" + PROFILES.incrementAndGet());
    this.profile = dir.resolve("profile");
    try {
      Files.createDirectories(profile);
      Files.createDirectories(artifacts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the browser's directories", e);
    }
    // Belt and braces: with the driver's path given, Selenium never asks Selenium Manager for one.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    // The CDP version warning (Debian's Chromium is newer than Selenium's devtools) is noise here.
    Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(Level.SEVERE);
    Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver").setLevel(Level.SEVERE);
    Logger.getLogger("org.openqa.selenium.remote.http.WebSocket").setLevel(Level.SEVERE);
    Logger.getLogger("org.openqa.selenium.remote.http.jdk.JdkHttpClient").setLevel(Level.SEVERE);
    // The log file names the fleet's directory on chromedriver's command line: the fleet finds it if lost.
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(dir.resolve("chromedriver.log").toFile())
        // Chromium keeps its crash database under HOME: there, too, it stays inside the fleet's directory.
        .withEnvironment(Map.of("HOME", dir.toString()))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-crash-reporter", "--disable-breakpad", "--window-size=1366,900",
        "--user-data-dir=" + profile);
    long before = System.nanoTime();
    List<Long> known = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      rememberNewChildren(known);
      killStarted();
      throw new IllegalStateException("cannot start " + CHROMIUM + " through " + CHROMEDRIVER + " (log: "
          + dir.resolve("chromedriver.log") + "): " + e.getMessage(), e);
    }
    rememberNewChildren(known);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    fleet.onClose(this);
    System.out.printf("[browser] Chromium up in %d ms, screenshots in %s%n",
        (System.nanoTime() - before) / 1_000_000, artifacts.toAbsolutePath());
  }

  /**
   * Starts a browser for {@code testClass} against the agent at {@code baseUrl} (e.g.
   * {@code http://localhost:PORT}); screenshots go to {@code target/test-artifacts/<TestClass>/}.
   */
  public static Browser start(Fleet fleet, Class<?> testClass, String baseUrl) {
    return new Browser(fleet, testClass, baseUrl);
  }

  private void rememberNewChildren(List<Long> known) {
    ProcessHandle.current().descendants().filter(h -> !known.contains(h.pid())).forEach(started::add);
  }

  /** The browser's own directory under the fleet's (profile, driver log). */
  Path directory() {
    return dir;
  }

  public WebDriver driver() {
    return driver;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Where this test class's screenshots go. */
  public Path artifacts() {
    return artifacts;
  }

  /** Tasklist at {@code /camunda/app/tasklist/default/}. */
  public CamundaWebapp tasklist() {
    return new CamundaWebapp(this, "tasklist");
  }

  /** Cockpit at {@code /camunda/app/cockpit/default/}. */
  public CamundaWebapp cockpit() {
    return new CamundaWebapp(this, "cockpit");
  }

  /** Loads a path of the agent, e.g. {@code /camunda/app/tasklist/default/}. */
  public void open(String path) {
    driver.get(baseUrl + (path.startsWith("/") ? path : "/" + path));
  }

  /** Waits (never sleeps) until {@code condition} gives something other than null or false. */
  public <T> T until(String what, Function<WebDriver, T> condition) {
    return until(what, WAIT, condition);
  }

  /**
   * Waits up to {@code timeout}; when it gives up, the page as it was is saved as a {@code FAILED-...}
   * screenshot, which the exception names.
   */
  public <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
    try {
      // Polled every 100 ms, not Selenium's 500: a test makes dozens of waits, each would lose 250 ms on average.
      // AngularJS re-renders under our feet: an element found a moment ago may be gone; look again.
      return new WebDriverWait(driver, timeout, POLL).ignoring(StaleElementReferenceException.class)
          .until(condition);
    } catch (TimeoutException e) {
      Path shot = screenshot("FAILED-" + what);
      throw new TimeoutException("waited " + timeout.toMillis() + " ms for " + what + " on "
          + driver.getCurrentUrl() + "; the page then: " + shot.toAbsolutePath() + " (and .html beside it)", e);
    }
  }

  /** The first visible element for {@code css}, waiting for it. */
  public WebElement visible(String css) {
    return until("visible: " + css, ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until no element for {@code css} is visible any more. */
  public void gone(String css) {
    until("gone: " + css, ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
  }

  /** A visible element for {@code css} whose text contains {@code text}. */
  public WebElement visibleWithText(String css, String text) {
    return until("visible: " + css + " with text '" + text + "'", d -> d.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.isDisplayed() && e.getText().contains(text)).findFirst().orElse(null));
  }

  /** Clicks with JavaScript: AngularJS links sometimes sit under an overlay that a real click would hit. */
  public void click(WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'});", element);
    until("clickable", ExpectedConditions.elementToBeClickable(element)).click();
  }

  /** Takes the focus off whatever has it, so that no caret or focus ring shows in the next screenshot. */
  public void blur() {
    ((JavascriptExecutor) driver).executeScript("if (document.activeElement) { document.activeElement.blur(); }");
  }

  /** Scrolls {@code showing} into the middle of the view, then takes a {@link #screenshot(String)}. */
  public Path screenshot(String step, WebElement showing) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center'});", showing);
    return screenshot(step);
  }

  /**
   * Saves a screenshot as {@code target/test-artifacts/<TestClass>/<nn>-<step>.png}, numbered in the order
   * taken, and the page's HTML beside it (for finding selectors after a failure). Returns the PNG.
   */
  public Path screenshot(String step) {
    String slug = step.replaceAll("[^A-Za-z0-9._-]+", "-");
    String name = String.format("%02d-%s", steps.incrementAndGet(), slug.substring(0, Math.min(80, slug.length())));
    Path png = artifacts.resolve(name + ".png");
    try {
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
      Files.delete(shot.toPath());
      Files.writeString(artifacts.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
    return png;
  }

  /**
   * Quits the browser and the driver, then kills whatever of theirs is still running. Fails when something
   * had to be killed that names the browser's directory: quitting should have ended it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } catch (RuntimeException e) {
      System.err.println("[browser] quit failed, killing: " + e.getMessage());
    } finally {
      service.stop();
      killStarted();
    }
    List<String> survivors = Processes.killLeftovers(dir);
    if (!survivors.isEmpty()) {
      throw new IllegalStateException("Chromium processes survived quit and were killed: " + survivors);
    }
  }

  private void killStarted() {
    List<ProcessHandle> all = new ArrayList<>(started);
    started.forEach(h -> h.descendants().forEach(all::add));
    if (!all.isEmpty()) {
      Processes.awaitGone(all.get(0), all.subList(1, all.size()));
    }
  }
}
