package io.remoteservice.agent.remote;

/** Nothing listens on the SSH port (or a firewall rejects the connection). */
public final class ConnectionRefusedException extends RemoteException {

  ConnectionRefusedException(String target, Throwable cause) {
    super(target, "connection refused: nothing accepts SSH connections on this address and port. "
        + "Check that sshd runs on the server and that the inventory's host and port are right.", cause);
  }
}
