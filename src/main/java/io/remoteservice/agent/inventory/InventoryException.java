package io.remoteservice.agent.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory that cannot be used, with every problem found. */
public class InventoryException extends RuntimeException {

  private final transient List<Problem> problems;

  public InventoryException(List<Problem> problems) {
    super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the inventory:\n  "
        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
