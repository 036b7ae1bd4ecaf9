package io.customauth.runner.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
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

    assertThat(resolver.resolve("f", "plain ${not a reference} $env:X"))
        .isEqualTo("plain ${not a reference} $env:X");
  }

  @Test
  void anUnsetVariableIsAConfigErrorNamingFieldAndVariable() {
    ReferenceResolver resolver =
        ReferenceResolver.of(Map.of("OTHER", "hidden-value"), directory).withFieldPrefix("auth.");

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
  void anUnreadableFileIsAConfigErrorNamingTheReference() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve("f", "${file:nope.txt}"));

    assertThat(failure.violations())
        .singleElement()
        .satisfies(violation -> assertThat(violation.message()).contains("${file:nope.txt}"));
  }

  @Test
  void anUnknownReferenceKindIsAConfigError() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of(), directory);

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve("f", "${vault:x}"));

    assertThat(failure.violations())
        .singleElement()
        .satisfies(violation -> assertThat(violation.message()).contains("vault"));
  }

  @Test
  void theFailureOfAnEmbeddedReferenceDoesNotLeakTheOthersValue() {
    ReferenceResolver resolver = ReferenceResolver.of(Map.of("A", "value-of-a"), directory);

    AuthException failure =
        catchThrowableOfType(AuthException.class, () -> resolver.resolve("f", "${env:A}:${env:B}"));

    assertThat(failure.getMessage()).contains("B").doesNotContain("value-of-a");
  }
}
