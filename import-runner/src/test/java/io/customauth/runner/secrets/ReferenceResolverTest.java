package io.customauth.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ReferenceResolverTest {
  @TempDir Path directory;

  @Test
  void resolvesAWholeEnvironmentReference() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("SECRET", "s3cr3t"), directory);

    assertThat(resolver.resolve("requestBody[1].value", "${env:SECRET}")).isEqualTo("s3cr3t");
  }

  @Test
  void resolvesReferencesEmbeddedInAValue() throws IOException {
    Files.writeString(directory.resolve("user"), "alice\n");
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("PASS", "pw"), directory);

    assertThat(resolver.resolve("f", "u=${file:user}&p=${env:PASS}!")).isEqualTo("u=alice&p=pw!");
  }

  @Test
  void aFileLosesOneTrailingLineBreakOnly() throws IOException {
    Files.writeString(directory.resolve("unix"), "token\n");
    Files.writeString(directory.resolve("windows"), "token\r\n");
    Files.writeString(directory.resolve("two"), "token\n\n");
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    assertThat(resolver.resolve("f", "${file:unix}")).isEqualTo("token");
    assertThat(resolver.resolve("f", "${file:windows}")).isEqualTo("token");
    assertThat(resolver.resolve("f", "${file:two}")).isEqualTo("token\n");
  }

  @Test
  void aValueWithoutReferencesIsUnchanged() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    assertThat(resolver.resolve("f", "plain $env:X {env:X} $$ $"))
        .isEqualTo("plain $env:X {env:X} $$ $");
  }

  @Test
  void aDoubledDollarStandsForALiteralReferenceStart() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("X", "secret"), directory);

    assertThat(resolver.resolve("f", "$${env:X} and ${env:X}")).isEqualTo("${env:X} and secret");
  }

  @Test
  void aReferenceWithoutAKindIsAConfigErrorAtResolutionToo() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("MY_SECRET", "s"), directory);

    assertThat(violation(resolver, "f", "${MY_SECRET}"))
        .isEqualTo(
            "f: a reference needs a kind: ${env:MY_SECRET} or ${file:MY_SECRET};"
                + " write $${ for a literal ${");
  }

  @Test
  void anUnsetVariableIsAConfigErrorNamingFieldAndVariable() {
    ReferenceResolver resolver =
        new ReferenceResolver(
            name -> Optional.ofNullable(Map.of("OTHER", "hidden-value").get(name)),
            directory,
            "auth.");

    AuthException failure =
        catchThrowableOfType(
            AuthException.class, () -> resolver.resolve("requestBody[1].value", "${env:MISSING}"));

    assertThat(failure.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(failure.violations())
        .singleElement()
        .satisfies(
            violation -> {
              assertThat(violation.path()).isEqualTo("auth.requestBody[1].value");
              assertThat(violation.message()).contains("MISSING");
            });
    assertThat(failure.getMessage()).doesNotContain("hidden-value");
  }

  @Test
  void aMissingFileSaysItDoesNotExistWithItsAbsolutePath() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    assertThat(violation(resolver, "requestBody[1].value", "${file:nope.txt}"))
        .isEqualTo(
            "requestBody[1].value: ${file:"
                + directory.resolve("nope.txt").toAbsolutePath()
                + "} does not exist");
  }

  @Test
  void aRelativeFileStartsFromTheBaseDirectoryNotTheWorkingDirectory() throws IOException {
    Path connectorDir = Files.createDirectories(directory.resolve("connectors"));
    Files.writeString(connectorDir.resolve("secret.txt"), "from-connector-dir");

    assertThat(ReferenceResolver.of(Map.of(), connectorDir).resolve("f", "${file:secret.txt}"))
        .isEqualTo("from-connector-dir");
  }

  @Test
  void aFileOf64KiBIsRead() throws IOException {
    Path file = Files.write(directory.resolve("max"), bytes(ReferenceResolver.MAX_FILE_BYTES));

    assertThat(ReferenceResolver.of(Map.of(), directory).resolve("f", "${file:max}"))
        .hasSize(ReferenceResolver.MAX_FILE_BYTES);
    assertThat(file).hasSize(65536);
  }

  @Test
  void aFileLargerThan64KiBIsRefusedWithItsSize() throws IOException {
    Path file = Files.write(directory.resolve("big"), bytes(80 * 1024));

    assertThat(violation(ReferenceResolver.of(Map.of(), directory), "f", "${file:big}"))
        .isEqualTo(
            "f: ${file:"
                + file.toAbsolutePath()
                + "} is 80 KiB; a referenced file may hold at most 64 KiB");
  }

  @Test
  void aDirectoryIsRefused() throws IOException {
    Path sub = Files.createDirectories(directory.resolve("sub"));

    assertThat(violation(ReferenceResolver.of(Map.of(), directory), "f", "${file:sub}"))
        .isEqualTo("f: ${file:" + sub.toAbsolutePath() + "} is a directory, not a file");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aFifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = directory.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();

    // Opening a FIFO without a writer would block this test forever: it must not be opened.
    assertThat(violation(ReferenceResolver.of(Map.of(), directory), "f", "${file:pipe}"))
        .isEqualTo("f: ${file:" + fifo.toAbsolutePath() + "} is a FIFO, not a regular file");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aDeviceIsRefusedWithoutReadingIt() {
    // /dev/zero never ends: reading it would exhaust memory.
    assertThat(violation(ReferenceResolver.of(Map.of(), directory), "f", "${file:/dev/zero}"))
        .isEqualTo("f: ${file:/dev/zero} is a character device, not a regular file");
  }

  @Test
  void aFileThatIsNotUtf8IsRefused() throws IOException {
    Path file = Files.write(directory.resolve("latin1"), new byte[] {'c', (byte) 0xE9, 'z'});

    assertThat(violation(ReferenceResolver.of(Map.of(), directory), "f", "${file:latin1}"))
        .isEqualTo("f: ${file:" + file.toAbsolutePath() + "} is not valid UTF-8 text");
  }

  @Test
  void anUnknownReferenceKindIsAConfigError() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve("f", "${vault:x}"));

    assertThat(failure.violations())
        .extracting(Object::toString)
        .containsExactly("f: unknown reference kind 'vault'; use ${env:NAME} or ${file:PATH}");
  }

  private static String violation(ReferenceResolver resolver, String field, String value) {
    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve(field, value));
    assertThat(failure.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
    assertThat(failure.violations()).hasSize(1);
    return failure.violations().get(0).toString();
  }

  private static byte[] bytes(int count) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  @Test
  void theFailureOfAnEmbeddedReferenceDoesNotLeakTheOthersValue() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("A", "value-of-a"), directory);

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve("f", "${env:A}:${env:B}"));

    assertThat(failure.getMessage()).contains("B").doesNotContain("value-of-a");
  }
}
