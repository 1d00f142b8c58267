package io.remoteservice.agent.job;

import java.nio.file.Path;
import java.util.List;

/** A job package that must not run, with every problem found in it. */
public class InvalidJobPackageException extends Exception {

  private final transient Path directory;
  private final List<Problem> problems;

  public InvalidJobPackageException(Path directory, List<Problem> problems) {
    super(message(directory, problems));
    this.directory = directory;
    this.problems = List.copyOf(problems);
  }

  public Path directory() {
    return directory;
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String message(Path directory, List<Problem> problems) {
    StringBuilder s = new StringBuilder("job package ").append(directory).append(" is invalid (")
        .append(problems.size()).append(problems.size() == 1 ? " problem)" : " problems)");
    for (Problem p : problems) {
      s.append("\n  ").append(p);
    }
    return s.toString();
  }
}
