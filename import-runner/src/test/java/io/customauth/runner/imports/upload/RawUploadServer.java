package io.customauth.runner.imports.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A loopback HTTP/1.1 server on a plain socket (or TLS), so that a test controls every byte and
 * moment of an answer: trickled, oversized, or never sent. One request per connection.
 */
final class RawUploadServer implements AutoCloseable {
  /** One request as received: the request line's target, headers in order (names as sent). */
  record Request(int number, String target, List<Map.Entry<String, String>> headers, byte[] body) {
    List<String> all(String name) {
      return headers.stream()
          .filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .toList();
    }

    String first(String name) {
      List<String> values = all(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  /** Writes the answer to one request. */
  @FunctionalInterface
  interface Responder {
    void answer(Request request, Socket socket, OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Responder responder = (request, socket, out) -> respond(out, 200, Map.of());

  RawUploadServer() throws IOException {
    this(null);
  }

  RawUploadServer(SSLContext tls) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    server =
        tls == null
            ? new ServerSocket(0, 50, loopback)
            : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
    threads.execute(this::acceptLoop);
  }

  void respondWith(Responder newResponder) {
    responder = newResponder;
  }

  int port() {
    return server.getLocalPort();
  }

  URI url() {
    String scheme = server instanceof javax.net.ssl.SSLServerSocket ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + port() + "/v1/projects/p/records");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Connections accepted, whether or not a request arrived on them (a failed TLS handshake). */
  int connections() {
    return connections.get();
  }

  /** A whole answer with {@code Connection: close} and an empty body. */
  static void respond(OutputStream out, int status, Map<String, String> headers)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      String[] lines = head.split("\r\n");
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      int length = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        String name = lines[i].substring(0, colon);
        String value = lines[i].substring(colon + 1).trim();
        headers.add(Map.entry(name, value));
        if (name.toLowerCase(Locale.ROOT).equals("content-length")) {
          length = Integer.parseInt(value);
        }
      }
      byte[] body = in.readNBytes(length);
      Request request =
          new Request(requests.size() + 1, lines[0].split(" ")[1], List.copyOf(headers), body);
      requests.add(request);
      responder.answer(request, socket, socket.getOutputStream());
    } catch (Exception e) {
      // The client went away, or the TLS handshake failed: what the tests provoke.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  /** Header names of a request in the order sent, lower-cased, for assertions. */
  static Map<String, String> lowerCased(Request request) {
    Map<String, String> out = new LinkedHashMap<>();
    request.headers().forEach(h -> out.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    return out;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
