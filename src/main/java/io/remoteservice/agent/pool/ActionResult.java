package io.remoteservice.agent.pool;

import java.util.List;

/**
 * What a driver verb did.
 *
 * @param kind    done, nothing to do, or a person must act
 * @param summary one line for the operator
 * @param notes   things the operator should know, e.g. that the server was already DOWN
 * @param step    for {@link Kind#PERSON_MUST_ACT}: what the person has to do; null otherwise
 */
public record ActionResult(Kind kind, String summary, List<String> notes, ManualStep step) {

  public enum Kind { DONE, NOTHING_TO_DO, PERSON_MUST_ACT }

  public ActionResult {
    notes = List.copyOf(notes);
  }

  static ActionResult done(String summary, List<String> notes) {
    return new ActionResult(Kind.DONE, summary, notes, null);
  }

  static ActionResult nothingToDo(String summary) {
    return new ActionResult(Kind.NOTHING_TO_DO, summary, List.of(), null);
  }

  static ActionResult personMustAct(ManualStep step) {
    return new ActionResult(Kind.PERSON_MUST_ACT, "a person must act: " + step.action(), List.of(), step);
  }
}
