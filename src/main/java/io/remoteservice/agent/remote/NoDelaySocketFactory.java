package io.remoteservice.agent.remote;

import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import jdk.net.ExtendedSocketOptions;

/**
 * Opens the TCP connection with the connect time limit and without Nagle's algorithm: every SSH
 * request is a small packet followed by a wait for the answer, and Nagle plus delayed ACK added about
 * 40 ms to each on these machines (FACTS.md). QUICKACK is set too where the platform has it.
 */
final class NoDelaySocketFactory implements SocketFactory {

  /** Marks a timeout of the TCP connect itself, as opposed to one during the SSH handshake. */
  static final class ConnectTimeout extends SocketTimeoutException {
    ConnectTimeout(String message) {
      super(message);
    }
  }

  private final int connectTimeoutMillis;

  NoDelaySocketFactory(int connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      quickAck(socket);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      quickAck(socket);
      return socket;
    } catch (SocketTimeoutException e) {
      socket.close();
      ConnectTimeout timeout = new ConnectTimeout("connect to " + host + ":" + port + " timed out");
      timeout.initCause(e);
      throw timeout;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static void quickAck(Socket socket) {
    try {
      if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
        socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // An optimisation only; the connection works without it.
    }
  }

  @Override
  public InputStream getInputStream(Socket socket) throws IOException {
    return socket.getInputStream();
  }

  @Override
  public OutputStream getOutputStream(Socket socket) throws IOException {
    return socket.getOutputStream();
  }
}
