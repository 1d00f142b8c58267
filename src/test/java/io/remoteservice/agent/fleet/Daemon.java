package io.remoteservice.agent.fleet;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A process the fleet started: its output goes to a log file, and stopping it also stops every process it
 * forked (sshd's per-connection children, the shells of running commands).
 */
final class Daemon {

  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;

  Daemon(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  void start() {
    try {
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + "): "
          + e.getMessage(), e);
    }
  }

  /** Waits until {@code ready} holds; fails early, with the log, when the process dies first. */
  void awaitReady(Duration atMost, Callable<Boolean> ready) {
    try {
      await(name + " ready").atMost(atMost).pollInterval(Duration.ofMillis(25))
          .failFast(name + " exited (code " + exitCode() + "); log:\n" + logTail(), () -> !isAlive())
          .until(ready);
    } catch (RuntimeException | AssertionError e) {
      throw new IllegalStateException(name + " did not become ready within " + atMost + ": " + e.getMessage()
          + "\n--- " + log + " ---\n" + logTail(), e);
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  private String exitCode() {
    return process != null && !process.isAlive() ? String.valueOf(process.exitValue()) : "-";
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process and all its descendants: TERM first, KILL for what is still there after 5 s. */
  void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> family = process.descendants().toList();
    process.destroy();
    family.forEach(ProcessHandle::destroy);
    Processes.awaitGone(process.toHandle(), family);
  }
}
