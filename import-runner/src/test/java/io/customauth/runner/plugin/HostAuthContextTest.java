package io.customauth.runner.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.customauth.runner.secrets.ReferenceResolver;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostAuthContextTest {
  @TempDir Path directory;

  private HostAuthContext newContext() {
    return HostAuthContext.withDaemonScheduler(
        Clock.systemUTC(),
        dir -> ReferenceResolver.of(Map.of(), dir),
        new StderrLogger("test", new PrintWriter(new StringWriter()), System.Logger.Level.INFO));
  }

  @Test
  void pathsResolveFromTheConnectorsDirectoryAsFileReferencesDo() {
    try (HostAuthContext context = newContext()) {
      AuthContext connector = context.forConnectorIn(directory);

      assertThat(connector.resolvePath("trustedCertificates", "certs/../ca.pem"))
          .isEqualTo(directory.resolve("ca.pem").toAbsolutePath());
      assertThat(connector.resolvePath("trustedCertificates", "/etc/ca.pem"))
          .isEqualTo(Path.of("/etc/ca.pem"));
      assertThatThrownBy(() -> connector.resolvePath("trustedCertificates", "bad\u0000path"))
          .isInstanceOfSatisfying(
              AuthException.class,
              e ->
                  assertThat(e.violations())
                      .containsExactly(
                          new ConfigViolation(
                              "auth.trustedCertificates", "is not a valid file path")));
    }
  }

  @Test
  void aCancelledTimerLeavesTheQueueAtOnceSoItHoldsNoStrategy() {
    try (HostAuthContext context = newContext()) {
      ScheduledFuture<?> timer =
          context.forConnectorIn(directory).scheduler().schedule(() -> {}, 1, TimeUnit.HOURS);

      timer.cancel(false);

      assertThat(((ScheduledThreadPoolExecutor) context.scheduler()).getQueue()).isEmpty();
    }
  }

  @Test
  void closeInterruptsRunningTasksAndWaitsForThemToEnd() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean ended = new AtomicBoolean();
    HostAuthContext context = newContext();
    context
        .forConnectorIn(directory)
        .scheduler()
        .execute(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                ended.set(true);
              }
            });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    context.close();

    // Returned only after the task ended: no plugin code runs once the class loaders close.
    assertThat(ended).isTrue();
    assertThat(context.scheduler().isTerminated()).isTrue();
  }

  @Test
  void eachConnectorsContextResolvesFilesFromItsOwnDirectoryAndSharesTheCount() throws IOException {
    Path a = Files.createDirectories(directory.resolve("a"));
    Path b = Files.createDirectories(directory.resolve("b"));
    Files.writeString(a.resolve("secret"), "in-a");
    Files.writeString(b.resolve("secret"), "in-b");
    try (HostAuthContext context = newContext()) {
      var first = context.forConnectorIn(a);
      var second = context.forConnectorIn(b);

      assertThat(first.secrets().resolve("f", "${file:secret}")).isEqualTo("in-a");
      assertThat(second.secrets().resolve("f", "${file:secret}")).isEqualTo("in-b");

      first.credentialRefreshed(null);
      second.credentialRefreshed(null);
      assertThat(context.refreshCount()).isEqualTo(2);
    }
  }
}
