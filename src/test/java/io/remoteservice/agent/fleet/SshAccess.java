package io.remoteservice.agent.fleet;

import java.nio.file.Path;

/**
 * How a client logs in to the fleet's servers: what the inventory's {@code ssh} block says.
 *
 * @param user        the login user (the user running the tests, root on the CI machine)
 * @param port        the sshd port, the same on every server address
 * @param identity    the ed25519 private key (OpenSSH format, no passphrase)
 * @param rsaIdentity an RSA private key (PEM, no passphrase), also authorized
 * @param knownHosts  a known_hosts file with one {@code [ip]:port} line per server address
 * @param hostKeyLine the host public key as in a known_hosts line ({@code ssh-ed25519 AAAA...})
 */
public record SshAccess(String user, int port, Path identity, Path rsaIdentity, Path knownHosts,
    String hostKeyLine) {}
