package io.remoteservice.agent.demo;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo fleet ({@code rsa.demo.*}, only read under the {@code demo} profile).
 *
 * @param dir          where the fleet keeps everything: keys, host keys, the servers' directories, the
 *                     generated inventory, HAProxy's files ({@code RSA_DEMO_DIR})
 * @param network      the first three octets of the loopback addresses the servers get: {@code .1} to
 *                     {@code .12}, the pools' frontends {@code .101} and {@code .102}, the users {@code .151} on;
 *                     must be in 127.0.0.0/8
 * @param sshPort      the simulated servers' SSH port on every address; 0 picks a free one at each start
 * @param loadBalancer {@code auto} (HAProxy when installed, else the manual driver), {@code haproxy}
 *                     (refuse to start without it) or {@code manual}
 * @param usersPerPool simulated users per pool behind HAProxy, each from an address of its own
 *                     ({@code .151} on), each staying a few seconds at a time, so that draining a server
 *                     waits for its users; 0 = none
 */
@ConfigurationProperties("rsa.demo")
public record DemoProperties(
    @DefaultValue("./data/demo") Path dir,
    @DefaultValue("127.0.40") String network,
    @DefaultValue("0") int sshPort,
    @DefaultValue("auto") LoadBalancer loadBalancer,
    @DefaultValue("4") int usersPerPool) {

  public enum LoadBalancer { AUTO, HAPROXY, MANUAL }

  public DemoProperties {
    if (!network.matches("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})")) {
      throw new IllegalArgumentException("rsa.demo.network (RSA_DEMO_NETWORK) must be three octets in 127.0.0.0/8,"
          + " such as 127.0.40, not '" + network + "': the demo's servers live on this machine's loopback only");
    }
    if (usersPerPool < 0 || usersPerPool > 50) {
      throw new IllegalArgumentException("rsa.demo.users-per-pool (RSA_DEMO_USERS_PER_POOL) must be between 0 and"
          + " 50, not " + usersPerPool);
    }
    if (sshPort < 0 || sshPort > 65535) {
      throw new IllegalArgumentException("rsa.demo.ssh-port (RSA_DEMO_SSH_PORT) must be 0 (a free port) or a port,"
          + " not " + sshPort);
    }
  }
}
