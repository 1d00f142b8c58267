package io.remoteservice.agent.report;

/** The sink while none is configured: the notice stays recorded as PENDING, nothing leaves the agent. */
final class RecordOnlyNoticeSink implements NoticeSink {

  static final String DETAIL = "recorded only: no e-mail or webhook sink is configured";

  @Override
  public Delivery deliver(Notice notice) {
    return Delivery.pending(DETAIL);
  }
}
