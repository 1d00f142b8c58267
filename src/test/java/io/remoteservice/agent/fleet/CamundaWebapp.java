package io.remoteservice.agent.fleet;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * One of Camunda's webapps (Tasklist, Cockpit) in a {@link Browser}: log in and out, and in Tasklist pick a
 * filter, open a task by name and work its form (form-js). Every step waits for the page (AngularJS renders
 * after the load), never sleeps.
 */
public final class CamundaWebapp {

  private final Browser browser;
  private final String app;

  CamundaWebapp(Browser browser, String app) {
    this.browser = browser;
    this.app = app;
  }

  public String path() {
    return "/camunda/app/" + app + "/default/";
  }

  /** Opens the app's start page (the login form when nobody is logged in). */
  public CamundaWebapp open() {
    browser.open(path());
    return this;
  }

  /** Logs in through the login form and waits until the app shows the user's account menu. */
  public CamundaWebapp login(String user, String password) {
    submitLogin(user, password);
    browser.until("logged in to " + app + " as " + user, d -> !d.findElements(By.cssSelector("form[name=signinForm]"))
        .stream().anyMatch(WebElement::isDisplayed) && accountMenuShows());
    return this;
  }

  /**
   * Tries to log in and expects to be refused; returns the error the page shows (e.g. "Login Failed").
   * The login form stays.
   */
  public String loginRefused(String user, String password) {
    submitLogin(user, password);
    WebElement error = browser.until("a login error for " + user, d -> d.findElements(
        By.cssSelector(".notifications .alert-danger, .alert.alert-danger, .alert-error")).stream()
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
    return error.getText();
  }

  private void submitLogin(String user, String password) {
    open();
    // Someone still logged in (a test that failed before its logout) would hide the login form.
    // Not a Boolean: the wait would take false for "not yet".
    String state = browser.until("the login form or a logged-in page", d ->
        accountMenuShows() ? "logged in"
            : d.findElements(By.cssSelector("form[name=signinForm] input[ng-model=username]")).stream()
                .anyMatch(WebElement::isDisplayed) ? "login form" : null);
    if (state.equals("logged in")) {
      logout();
    }
    WebElement name = browser.visible("form[name=signinForm] input[ng-model=username]");
    name.clear();
    name.sendKeys(user);
    WebElement secret = browser.visible("form[name=signinForm] input[ng-model=password]");
    secret.clear();
    secret.sendKeys(password);
    browser.click(browser.visible("form[name=signinForm] button[type=submit]"));
  }

  private boolean accountMenuShows() {
    return browser.driver().findElements(By.cssSelector("li.account a.dropdown-toggle")).stream()
        .anyMatch(e -> e.isDisplayed() && !e.getText().isBlank());
  }

  /** Logs out through the account menu and waits for the login form. */
  public void logout() {
    browser.click(browser.visible("li.account a.dropdown-toggle"));
    browser.click(browser.visible("li.account li.logout a"));
    browser.visible("form[name=signinForm] input[ng-model=username]");
  }

  /** Tasklist: selects a filter by its name in the filter list (left column). */
  public CamundaWebapp filter(String name) {
    WebElement filter = browser.visibleWithText(".task-filters .task-filter", name);
    browser.click(filter.findElement(By.cssSelector("h4.name a")));
    browser.until("filter '" + name + "' active", d -> d.findElements(
        By.cssSelector(".task-filters .task-filter.active")).stream().anyMatch(e -> e.getText().contains(name)));
    return this;
  }

  /** Tasklist: waits until the current filter lists a task with this name. */
  public WebElement taskInList(String taskName) {
    return browser.visibleWithText(".tasks-list li.task", taskName);
  }

  /** Tasklist: opens the task with this name from the current filter and waits for its form. */
  public CamundaWebapp openTask(String taskName) {
    WebElement item = taskInList(taskName);
    browser.click(item.findElement(By.cssSelector("h4.task a")));
    browser.visibleWithText(".names h2.task", taskName);
    browser.visible(".fjs-container .fjs-form");
    return this;
  }

  /** Tasklist: claims the open task when it is not yet assigned (the form stays read-only until then). */
  public CamundaWebapp claim() {
    browser.driver().findElements(By.cssSelector("button.claim")).stream().filter(WebElement::isDisplayed)
        .findFirst().ifPresent(browser::click);
    browser.until("the task is claimed", d -> d.findElements(By.cssSelector("button.claim")).stream()
        .noneMatch(WebElement::isDisplayed));
    return this;
  }

  /** The form-js input of the field with this component id (e.g. {@code Field_ServerId}). */
  public WebElement field(String componentId) {
    return browser.visible(".fjs-container [id$='-" + componentId + "']");
  }

  /** The value a form field shows (text, number, textarea), by component id. */
  public String fieldValue(String componentId) {
    return field(componentId).getDomProperty("value");
  }

  /** The labels of a radio group's options, by the group's component id. */
  public List<String> radioLabels(String componentId) {
    browser.visible(".fjs-container [id^='" + radioPrefix(componentId) + "']");
    return browser.driver().findElements(By.cssSelector(".fjs-container label[for^='" + radioPrefix(componentId)
        + "']")).stream().map(WebElement::getText).map(String::trim).toList();
  }

  private String radioPrefix(String componentId) {
    // form-js ids are fjs-form-<formId>-<componentId>[-<index>]; the formId is random per render.
    WebElement any = browser.visible(".fjs-container [id*='-" + componentId + "']");
    String id = any.getDomAttribute("id");
    return id.substring(0, id.indexOf("-" + componentId) + componentId.length() + 1);
  }

  /** Types into a form field (replacing what is there), by component id. */
  public CamundaWebapp fill(String componentId, String text) {
    WebElement input = field(componentId);
    browser.until(componentId + " editable", d -> input.isEnabled() ? input : null);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  /** Chooses the radio option with this label, in the radio group with this component id. */
  public CamundaWebapp choose(String componentId, String label) {
    String prefix = radioPrefix(componentId);
    WebElement option = browser.until("option '" + label + "' of " + componentId, d -> d.findElements(
        By.cssSelector(".fjs-container label[for^='" + prefix + "']")).stream()
        .filter(l -> l.getText().trim().equals(label)).findFirst().orElse(null));
    WebElement radio = browser.driver().findElement(By.id(option.getDomAttribute("for")));
    browser.until(componentId + " editable", d -> radio.isEnabled() ? radio : null);
    browser.click(radio);
    browser.until(label + " chosen", d -> radio.isSelected());
    return this;
  }

  /** Tasklist: completes the open task and waits until its form is gone. */
  public void complete() {
    WebElement button = browser.until("an enabled Complete button", d -> d.findElements(
        By.cssSelector(".form-actions button[ng-click='complete()']")).stream()
        .filter(b -> b.isDisplayed() && b.isEnabled()).findFirst().orElse(null));
    browser.click(button);
    browser.gone(".fjs-container .fjs-form");
  }
}
