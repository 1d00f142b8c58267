package io.remoteservice.agent.remote;

/**
 * The SSH connection broke while something was going on. A detached run goes on without it: ask for
 * its status over a new connection instead of starting it again.
 */
public final class ConnectionLostException extends RemoteException {

  ConnectionLostException(String target, String what, Throwable cause) {
    super(target, "connection lost during " + what + ". Connect again; a detached run goes on and its "
        + "status can be asked for over a new connection.", cause);
  }
}
