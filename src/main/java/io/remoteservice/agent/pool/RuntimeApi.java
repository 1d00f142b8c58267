package io.remoteservice.agent.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One command to one HAProxy Runtime API socket ({@code tcp:HOST:PORT} or {@code unix:/path}), in
 * HAProxy's non-interactive mode: send the line, read until HAProxy closes. Every step runs against
 * one deadline, so a socket that accepts but never answers cannot hold a thread.
 */
final class RuntimeApi {

  private static final int MAX_REPLY = 16 * 1024 * 1024;

  private final String address;
  private final Duration timeout;

  RuntimeApi(String address, Duration timeout) {
    this.address = address;
    this.timeout = timeout;
  }

  String address() {
    return address;
  }

  /** Sends one command and returns the whole reply. */
  String send(String command) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SocketAddress target = target();
    try (SocketChannel channel = target instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
         Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, 0);
      if (!channel.connect(target)) {
        key.interestOps(SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
          await(selector, deadline, "connecting", command);
        }
      }
      ByteBuffer out = StandardCharsets.UTF_8.encode(command + "\n");
      key.interestOps(SelectionKey.OP_WRITE);
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(selector, deadline, "sending", command);
        }
      }
      key.interestOps(SelectionKey.OP_READ);
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(16384);
      while (true) {
        int n = channel.read(in);
        if (n < 0) {
          break;
        }
        if (n == 0) {
          await(selector, deadline, "waiting for the reply to", command);
          continue;
        }
        reply.write(in.array(), 0, in.position());
        in.clear();
        if (reply.size() > MAX_REPLY) {
          throw new PoolDriverException("the reply of HAProxy at " + address + " to '" + command + "' exceeds "
              + MAX_REPLY + " bytes");
        }
      }
      return reply.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PoolDriverException("the load balancer socket " + address + " does not answer ('" + command
          + "'): " + e.getMessage() + "; is HAProxy running and its stats socket at admin level?", e);
    }
  }

  private void await(Selector selector, long deadline, String doing, String command) throws IOException {
    long left = deadline - System.nanoTime();
    if (left <= 0 || selector.select(Math.max(1, left / 1_000_000)) == 0 && deadline - System.nanoTime() <= 0) {
      throw new PoolDriverException("the load balancer socket " + address + " did not answer within " + timeout
          + " (timeout while " + doing + " '" + command + "'); check that HAProxy is running and not hung");
    }
    selector.selectedKeys().clear();
  }

  private SocketAddress target() {
    if (address.startsWith("unix:")) {
      return UnixDomainSocketAddress.of(address.substring("unix:".length()));
    }
    if (address.startsWith("tcp:")) {
      String hostPort = address.substring("tcp:".length());
      int colon = hostPort.lastIndexOf(':');
      if (colon > 0) {
        try {
          return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
          // reported below
        }
      }
    }
    throw new PoolDriverException("'" + address + "' is not a socket address: use tcp:HOST:PORT or unix:/path");
  }
}
