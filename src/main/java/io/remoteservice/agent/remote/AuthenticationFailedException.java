package io.remoteservice.agent.remote;

/** The server did not accept the configured user key for the configured user. */
public final class AuthenticationFailedException extends RemoteException {

  AuthenticationFailedException(String target, String identity, Throwable cause) {
    super(target, "authentication failed: the server did not accept the key " + identity
        + " for this user. Check that its public key is in the user's ~/.ssh/authorized_keys on the "
        + "server and that the inventory names the right user and identity file.", cause);
  }
}
