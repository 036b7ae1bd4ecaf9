package io.customauth.runner.tokenstore;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code redis-server} for tests, started by the test on a free loopback port so that it can
 * be killed, paused and started again. Tests are skipped (JUnit assumption) when there is no {@code
 * redis-server} on the PATH; {@code .ci/run} makes sure there is one.
 */
final class RedisServer implements AutoCloseable {
  private final int port;
  private Process process;

  private RedisServer(int port) {
    this.port = port;
  }

  /** Starts one, or skips the test when redis-server is missing. */
  static RedisServer start() throws IOException, InterruptedException {
    assumeTrue(
        binary() != null,
        "no redis-server on the PATH: the token store tests need a real Redis (.ci/run installs"
            + " Debian's redis-server)");
    // The test JVMs run in parallel: another one's server may take the port between freePort()
    // and the bind, and then this one exits at once. Another port, a few times.
    IOException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      RedisServer server = new RedisServer(freePort());
      try {
        server.startAgain();
        return server;
      } catch (IOException e) {
        server.close();
        failure = e;
      }
    }
    throw failure;
  }

  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = new byte[7];
      InputStream in = socket.getInputStream();
      int read = in.read(answer);
      return read > 0 && new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  int port() {
    return port;
  }

  /** Starts it (again) on the same port, empty: it keeps nothing on disk. */
  void startAgain() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                binary(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> answers(port) || !process.isAlive());
    } catch (ConditionTimeoutException e) {
      // reported below
    }
    // Alive too: a server of another test JVM may be the one answering on this port.
    if (!process.isAlive() || !answers(port)) {
      throw new IOException("redis-server did not start on port " + port);
    }
  }

  /** SIGKILL: gone without a goodbye, as a crashed server or a pulled cable. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the connection stays open and nothing answers, as an overloaded server. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
        .inheritIO()
        .start()
        .waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      try {
        resume();
      } catch (IOException e) {
        // Killing it below is what matters.
      }
      kill();
    }
  }

  private static String binary() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, "redis-server"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
