package io.remoteservice.agent.report;

/**
 * Delivers recorded notices: e-mail and webhook sinks come later. A sink is called by
 * {@link ReportService#deliverPending(int)}, outside the engine's transactions, so a rolled-back process
 * step never sends a message and a retried step never sends one twice (the notice's id is stable).
 * A sink must not throw for a delivery that failed: it answers {@link Delivery#failed}.
 */
public interface NoticeSink {

  Delivery deliver(Notice notice);

  /**
   * @param state  SENT, FAILED, or PENDING to leave the notice for a later attempt
   * @param detail what happened (a message id, the error, why it waits), for auditors
   */
  record Delivery(Notice.SendState state, String detail) {
    public static Delivery sent(String detail) {
      return new Delivery(Notice.SendState.SENT, detail);
    }

    public static Delivery failed(String detail) {
      return new Delivery(Notice.SendState.FAILED, detail);
    }

    public static Delivery pending(String detail) {
      return new Delivery(Notice.SendState.PENDING, detail);
    }
  }
}
