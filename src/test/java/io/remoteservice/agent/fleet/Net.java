package io.remoteservice.agent.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback addresses and ports of the fleet. Real servers live in 127.0.31.0/24, sticky clients come from
 * 127.0.39.0/24, simulated (MINA) servers from 127.0.32.0/22. Two test JVMs may use the
 * same addresses at once: every daemon listens on its own free port, so they never meet.
 */
final class Net {

  static final String SERVER_NET = "127.0.31.";
  static final String CLIENT_NET = "127.0.39.";

  private static final AtomicInteger NEXT_SERVER = new AtomicInteger();
  private static final AtomicInteger NEXT_CLIENT = new AtomicInteger();
  private static final AtomicInteger NEXT_SIMULATED = new AtomicInteger();

  /** Usable host numbers of 127.0.32.0/22: .1 to .254 of each of the four /24 (1016 addresses). */
  static final int SIMULATED_ADDRESSES = 4 * 254;

  private Net() {}

  static String nextServerAddress() {
    return SERVER_NET + (1 + Math.floorMod(NEXT_SERVER.getAndIncrement(), 254));
  }

  /** The next address of 127.0.32.0/22 (127.0.32.1 ... 127.0.35.254, then again from the start). */
  static String nextSimulatedAddress() {
    int i = Math.floorMod(NEXT_SIMULATED.getAndIncrement(), SIMULATED_ADDRESSES);
    return "127.0." + (32 + i / 254) + "." + (1 + i % 254);
  }

  static String nextClientAddress() {
    return CLIENT_NET + (1 + Math.floorMod(NEXT_CLIENT.getAndIncrement(), 254));
  }

  /** A port that is free on every loopback address right now (the kernel's choice on 127.0.0.1). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when an SSH server answers on host:port with its version banner. */
  static boolean sshBanner(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 500);
      s.setSoTimeout(2000);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4];
      int n = in.readNBytes(buf, 0, 4);
      return n == 4 && new String(buf, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }
}
