package io.remoteservice.agent.remote;

/** The server's address cannot be reached: its host name does not resolve, or there is no route to it. */
public final class HostUnreachableException extends RemoteException {

  HostUnreachableException(String target, String message) {
    super(target, message, null);
  }
}
