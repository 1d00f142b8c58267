package io.remoteservice.agent.campaign;

/**
 * One thing wrong with a campaign's start variables or targets.
 *
 * @param variable the start variable it concerns ({@code targets}, {@code canary}, ...), so that a form can
 *                 show the message next to the field
 * @param message  what is wrong and what to do
 */
public record CampaignProblem(String variable, String message) {

  @Override
  public String toString() {
    return variable + ": " + message;
  }
}
