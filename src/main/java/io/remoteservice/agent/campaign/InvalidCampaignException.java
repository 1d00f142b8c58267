package io.remoteservice.agent.campaign;

import java.util.List;
import java.util.stream.Collectors;

/** A campaign that cannot start as asked; carries every problem found, not only the first. */
public class InvalidCampaignException extends RuntimeException {

  private final List<CampaignProblem> problems;

  public InvalidCampaignException(List<CampaignProblem> problems) {
    super(problems.stream().map(CampaignProblem::toString).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid campaign needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<CampaignProblem> problems() {
    return problems;
  }
}
