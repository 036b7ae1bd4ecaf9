package io.customauth.runner.tokenstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback in front of a Redis: the first {@code dropped} connections are closed as
 * soon as the client's first bytes (the handshake's {@code HELLO}) arrive, the later ones are
 * relayed both ways. It reproduces at will what happens by chance under load: a connection lost
 * during the handshake.
 */
final class HandshakeClosingRelay implements AutoCloseable {
  private final ServerSocket server;
  private final int redisPort;
  private final int dropped;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();

  HandshakeClosingRelay(int redisPort, int dropped) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.redisPort = redisPort;
    this.dropped = dropped;
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The store URL through the relay, with {@code userInfo} ({@code user:password}). */
  String url(String userInfo) {
    return "redis://" + userInfo + "@127.0.0.1:" + server.getLocalPort() + "/0";
  }

  /** Connections accepted so far. */
  int accepted() {
    return accepted.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        synchronized (sockets) {
          sockets.add(client);
        }
        if (accepted.incrementAndGet() <= dropped) {
          client.getInputStream().read(new byte[256]); // the handshake has started
          client.close();
          continue;
        }
        Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
        synchronized (sockets) {
          sockets.add(redis);
        }
        pump(client.getInputStream(), redis.getOutputStream());
        pump(redis.getInputStream(), client.getOutputStream());
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(InputStream from, OutputStream to) {
    Thread pump =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
              } catch (IOException e) {
                // one side closed: the relay of this connection ends
              }
            },
            "relay-pump");
    pump.setDaemon(true);
    pump.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (sockets) {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
