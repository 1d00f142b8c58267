package io.remoteservice.agent.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault of one simulated server, switched at run time with {@link SimulatedSite#fault(FleetServer,
 * SimulatedFault)} and back with {@link SimulatedSite#heal(FleetServer)}.
 *
 * @param kind      what goes wrong
 * @param dropAfter for {@link Kind#DROP_AFTER}: how long after the TCP accept each connection is cut
 */
public record SimulatedFault(Kind kind, Duration dropAfter) {

  public enum Kind {
    /** Works normally. */
    NONE,
    /** Nothing listens on the address: the client gets "Connection refused". */
    REFUSE,
    /** TCP is accepted and closed at once, before the SSH banner. */
    CLOSE_ON_CONNECT,
    /** TCP is accepted, the SSH banner never comes: only a client timeout ends it. */
    HANG_BEFORE_BANNER,
    /** Logins work; an exec request is accepted and never answered (no output, no exit status). */
    HANG_EXEC,
    /** Each new connection is cut (no SSH disconnect message) {@code dropAfter} after it was accepted. */
    DROP_AFTER,
    /** The server answers with another host key than known_hosts has: a strict client must refuse it. */
    OTHER_HOST_KEY
  }

  public SimulatedFault {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.DROP_AFTER) != (dropAfter != null)) {
      throw new IllegalArgumentException("a duration goes with DROP_AFTER and only with it: " + kind);
    }
  }

  public static SimulatedFault none() {
    return new SimulatedFault(Kind.NONE, null);
  }

  public static SimulatedFault refuse() {
    return new SimulatedFault(Kind.REFUSE, null);
  }

  public static SimulatedFault closeOnConnect() {
    return new SimulatedFault(Kind.CLOSE_ON_CONNECT, null);
  }

  public static SimulatedFault hangBeforeBanner() {
    return new SimulatedFault(Kind.HANG_BEFORE_BANNER, null);
  }

  public static SimulatedFault hangExec() {
    return new SimulatedFault(Kind.HANG_EXEC, null);
  }

  public static SimulatedFault dropAfter(Duration after) {
    if (after.isNegative()) {
      throw new IllegalArgumentException("dropAfter needs a duration >= 0, not " + after);
    }
    return new SimulatedFault(Kind.DROP_AFTER, after);
  }

  public static SimulatedFault otherHostKey() {
    return new SimulatedFault(Kind.OTHER_HOST_KEY, null);
  }

  /** Whether MINA keeps listening on the address with this fault. */
  boolean isBound() {
    return kind != Kind.REFUSE && kind != Kind.CLOSE_ON_CONNECT && kind != Kind.HANG_BEFORE_BANNER;
  }

  boolean isCloseOnConnect() {
    return kind == Kind.CLOSE_ON_CONNECT;
  }

  boolean isHangBeforeBanner() {
    return kind == Kind.HANG_BEFORE_BANNER;
  }

  boolean isHangExec() {
    return kind == Kind.HANG_EXEC;
  }

  boolean isOtherHostKey() {
    return kind == Kind.OTHER_HOST_KEY;
  }
}
