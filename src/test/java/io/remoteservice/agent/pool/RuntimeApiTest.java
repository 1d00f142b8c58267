package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeApiTest {

  @Test
  void aSocketThatNeverAnswersTimesOutNamingTheSocket() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String address = "tcp:127.0.0.1:" + silent.getLocalPort();
      Thread acceptor = new Thread(() -> {
        try (Socket s = silent.accept()) {
          s.getInputStream().read(new byte[1024]);
          Thread.currentThread().join();
        } catch (Exception e) {
          // test over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      assertThatThrownBy(() -> new RuntimeApi(address, Duration.ofMillis(300)).send("show stat"))
          .isInstanceOf(PoolDriverException.class)
          .hasMessageContaining(address).hasMessageContaining("did not answer within PT0.3S")
          .hasMessageContaining("show stat");
      acceptor.interrupt();
    }
  }

  @Test
  void aClosedPortIsAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String address = "tcp:127.0.0.1:" + port;
    assertThatThrownBy(() -> new RuntimeApi(address, Duration.ofSeconds(2)).send("show stat"))
        .isInstanceOf(PoolDriverException.class)
        .hasMessageContaining("socket " + address + " does not answer");
  }

  @Test
  void aMissingUnixSocketIsAClearError() {
    assertThatThrownBy(() -> new RuntimeApi("unix:/nonexistent/admin.sock", Duration.ofSeconds(1)).send("show stat"))
        .isInstanceOf(PoolDriverException.class)
        .hasMessageContaining("unix:/nonexistent/admin.sock does not answer");
  }
}
