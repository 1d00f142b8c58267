package io.remoteservice.agent.fleet;

import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * One of Camunda's webapps (Tasklist, Cockpit) in a {@link Browser}: log in and out, and in Tasklist start a
 * process from the "Start process" dialog, pick a filter, open a task by name and work its form (form-js).
 * Every step waits for the page (AngularJS renders after the load), never sleeps.
 */
public final class CamundaWebapp {

  /** Where form-js renders a task's form (right column). */
  private static final String TASK_FORM = ".fjs-container";
  /** Where form-js renders a start form: inside the "Start process" dialog. */
  private static final String START_FORM = ".modal-dialog .fjs-container";
  private static final String START_BUTTON =
      ".modal-dialog .modal-footer button.btn-primary[ng-click='startProcessInstance()']";

  private final Browser browser;
  private final String app;
  /** The form that {@link #field}, {@link #fill}, {@link #choose}, {@link #check} work on. */
  private String form = TASK_FORM;

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
    // The login page focuses the user name field once it has rendered, at a moment of its own: when that came
    // while the password was typed, the password went into the user name ("approverFNC8Sgt..."). So both
    // fields are checked before submitting and filled in again if they do not hold what was typed.
    WebElement name = browser.visible("form[name=signinForm] input[ng-model=username]");
    WebElement secret = browser.visible("form[name=signinForm] input[ng-model=password]");
    browser.until("the login form filled in for " + user, d -> {
      if (user.equals(name.getDomProperty("value")) && password.equals(secret.getDomProperty("value"))) {
        return true;
      }
      name.clear();
      name.sendKeys(user);
      secret.clear();
      secret.sendKeys(password);
      return false;
    });
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

  /**
   * Tasklist: opens the header's "Start process" dialog, picks the process by its name (as the dialog lists
   * it, e.g. "Maintenance campaign") and waits for its start form (form-js) in the dialog. Until
   * {@link #start()} or {@link #closeStartDialog()}, {@link #field}, {@link #fill}, {@link #check} and
   * {@link #choose} work on the start form.
   */
  public CamundaWebapp startProcess(String processName) {
    browser.click(browser.visible(".start-process-action a"));
    WebElement link = browser.until("process '" + processName + "' in the Start process dialog", d -> d
        .findElements(By.cssSelector(".modal-dialog ul.processes li a")).stream()
        .filter(a -> a.isDisplayed() && a.getText().trim().equals(processName)).findFirst().orElse(null));
    browser.click(link);
    browser.visibleWithText(".modal-dialog .modal-title", processName);
    browser.visible(START_FORM + " .fjs-form");
    form = START_FORM;
    return this;
  }

  /**
   * Tasklist: clicks Start in the "Start process" dialog and waits until the dialog has closed (the process
   * started). Fails with the message the dialog shows when the engine refused to start it.
   */
  public void start() {
    WebElement button = browser.until("an enabled Start button in the Start process dialog", d -> d
        .findElements(By.cssSelector(START_BUTTON)).stream().filter(b -> b.isDisplayed() && b.isEnabled())
        .findFirst().orElse(null));
    browser.click(button);
    String result = browser.until("the Start process dialog closed, or an error in it", d -> {
      List<WebElement> errors = d.findElements(By.cssSelector(".modal-dialog .alert-danger, .modal-dialog .alert-error"));
      for (WebElement error : errors) {
        if (error.isDisplayed() && !error.getText().isBlank()) {
          return "refused: " + error.getText().trim();
        }
      }
      return d.findElements(By.cssSelector(".modal-dialog, .modal-backdrop")).stream().noneMatch(WebElement::isDisplayed)
          ? "started" : null;
    });
    if (!result.equals("started")) {
      Path shot = browser.screenshot("FAILED-start-process");
      throw new IllegalStateException("Tasklist did not start the process: " + result + " (the page: "
          + shot.toAbsolutePath() + ")");
    }
    form = TASK_FORM;
  }

  /** Tasklist: closes the "Start process" dialog without starting anything. */
  public void closeStartDialog() {
    browser.click(browser.visibleWithText(".modal-dialog .modal-footer button[ng-click='$dismiss()']", "Close"));
    browser.until("the Start process dialog closed", d -> d.findElements(By.cssSelector(".modal-dialog, .modal-backdrop"))
        .stream().noneMatch(WebElement::isDisplayed));
    form = TASK_FORM;
  }

  /** Tasklist: waits until the current filter lists a task with this name. */
  public WebElement taskInList(String taskName) {
    return browser.visibleWithText(".tasks-list li.task", taskName);
  }

  /**
   * Tasklist: waits until the current filter lists this very task (its link names the task id), for lists
   * that show several tasks of the same name.
   */
  public WebElement taskInList(String taskName, String taskId) {
    return browser.until("task " + taskId + " ('" + taskName + "') in the list", d -> d.findElements(
        By.cssSelector(".tasks-list li.task")).stream().filter(li -> li.isDisplayed() && li.getText().contains(taskName)
        && li.findElements(By.cssSelector("h4.task a")).stream().anyMatch(a -> linksTo(a, taskId)))
        .findFirst().orElse(null));
  }

  private static boolean linksTo(WebElement link, String taskId) {
    String href = link.getDomAttribute("href");
    return href != null && href.matches(".*[?&]task=" + java.util.regex.Pattern.quote(taskId) + "(&.*)?$");
  }

  /** Tasklist: opens the task with this name from the current filter and waits for its form. */
  public CamundaWebapp openTask(String taskName) {
    return open(taskInList(taskName), taskName);
  }

  /** Tasklist: opens this very task (by id) from the current filter, when several have the same name. */
  public CamundaWebapp openTask(String taskName, String taskId) {
    return open(taskInList(taskName, taskId), taskName);
  }

  private CamundaWebapp open(WebElement item, String taskName) {
    browser.click(item.findElement(By.cssSelector("h4.task a")));
    browser.visibleWithText(".names h2.task", taskName);
    browser.visible(TASK_FORM + " .fjs-form");
    form = TASK_FORM;
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

  /**
   * The form-js input of the field with this component id (e.g. {@code Field_ServerId}), in the open task's
   * form, or in the start form while the "Start process" dialog is open.
   */
  public WebElement field(String componentId) {
    return browser.visible(form + " [id$='-" + componentId + "']");
  }

  /** The value a form field shows (text, number, textarea), by component id. */
  public String fieldValue(String componentId) {
    return field(componentId).getDomProperty("value");
  }

  /** The labels of a radio group's options, by the group's component id. */
  public List<String> radioLabels(String componentId) {
    browser.visible(form + " [id^='" + radioPrefix(componentId) + "']");
    return browser.driver().findElements(By.cssSelector(form + " label[for^='" + radioPrefix(componentId)
        + "']")).stream().map(WebElement::getText).map(String::trim).toList();
  }

  private String radioPrefix(String componentId) {
    // form-js ids are fjs-form-<formId>-<componentId>[-<index>]; the formId is random per render.
    WebElement any = browser.visible(form + " [id*='-" + componentId + "']");
    String id = any.getDomAttribute("id");
    return id.substring(0, id.indexOf("-" + componentId) + componentId.length() + 1);
  }

  /**
   * Enters text into a form field (replacing what is there), by component id, leaves the field and waits
   * until it holds the text. form-js (Preact) keeps its own model of the form and takes typed text into it
   * debounced, when the field is left at the latest; a re-render before that puts the model's older value
   * back into the field. Right after a form appears it re-renders once by itself, so text typed at once
   * vanished now and then, and Selenium's clear() changes only the page (a default of 1, cleared, and "1"
   * typed gave "11"). So the text arrives in one input event, as a paste would, the field is left (the
   * model takes the value), and when the field no longer shows the text it is entered again.
   */
  public CamundaWebapp fill(String componentId, String text) {
    WebElement input = field(componentId);
    browser.until(componentId + " editable", d -> input.isEnabled() ? input : null);
    enter(input, text);
    browser.until(componentId + " holds '" + text + "'", d -> {
      if (text.equals(input.getDomProperty("value"))) {
        return true;
      }
      enter(input, text);
      return false;
    });
    return this;
  }

  private void enter(WebElement input, String text) {
    browser.click(input);
    ((JavascriptExecutor) browser.driver()).executeScript("""
        const field = arguments[0];
        const type = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement : HTMLInputElement;
        Object.getOwnPropertyDescriptor(type.prototype, 'value').set.call(field, arguments[1]);
        field.dispatchEvent(new Event('input', { bubbles: true }));""", input, text);
    // Leaving the field hands its value to the form's model at once.
    input.sendKeys(Keys.TAB);
  }

  /** Chooses the radio option with this label, in the radio group with this component id. */
  public CamundaWebapp choose(String componentId, String label) {
    String prefix = radioPrefix(componentId);
    WebElement option = browser.until("option '" + label + "' of " + componentId, d -> d.findElements(
        By.cssSelector(form + " label[for^='" + prefix + "']")).stream()
        .filter(l -> l.getText().trim().equals(label)).findFirst().orElse(null));
    WebElement radio = browser.driver().findElement(By.id(option.getDomAttribute("for")));
    browser.until(componentId + " editable", d -> radio.isEnabled() ? radio : null);
    browser.click(radio);
    browser.until(label + " chosen", d -> radio.isSelected());
    return this;
  }

  /** Checks or unchecks a checkbox, by component id (clicking it again if a re-render undid the click). */
  public CamundaWebapp check(String componentId, boolean checked) {
    WebElement box = field(componentId);
    browser.until(componentId + " editable", d -> box.isEnabled() ? box : null);
    browser.until(componentId + (checked ? " checked" : " unchecked"), d -> {
      if (box.isSelected() == checked) {
        return true;
      }
      browser.click(box);
      return false;
    });
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
