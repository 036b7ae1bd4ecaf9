package io.customauth.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.spi.AuthException;
import io.customauth.spi.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Failures no command handles, and usage errors, through the real command tree: causes by class
 * name only, stack frames on request, one JSON object with {@code --json}.
 */
class FailureReportingTest {
  private static final String LIBRARY_MESSAGE = "GET https://x.example/?token=s3cr3t failed";

  @TempDir Path home;

  /** A subcommand throwing what its argument names, as a bug in a command would. */
  @Command(name = "explode")
  static final class Explode implements Callable<Integer> {
    @Option(names = "--json")
    boolean json;

    @Parameters String kind;

    @Override
    public Integer call() throws Exception {
      IllegalStateException library =
          new IllegalStateException(LIBRARY_MESSAGE, new java.io.IOException(LIBRARY_MESSAGE));
      switch (kind) {
        case "completion" -> throw new CompletionException(library);
        case "execution" -> throw new ExecutionException(library);
        case "error" -> throw new StackOverflowError(LIBRARY_MESSAGE);
        case "auth" ->
            throw new CompletionException(
                new AuthException(ErrorCode.ENDPOINT_UNAVAILABLE, "token endpoint down"));
        default -> throw library;
      }
    }
  }

  private Cli.Result explode(Map<String, String> variables, String... args) {
    CommandLine commandLine =
        ImportRunnerCommand.commandLine(RunnerEnvironment.of(variables, home, home));
    commandLine.addSubcommand(new Explode());
    return Cli.run(commandLine, args);
  }

  @Test
  void aCompletionExceptionIsUnwrappedToTheCauseChainsClassNames() {
    Cli.Result result = explode(Map.of(), "explode", "completion");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "error: UNEXPECTED: unexpected failure: java.lang.IllegalStateException caused by"
                + " java.io.IOException")
        .doesNotContain("CompletionException")
        .doesNotContain("s3cr3t")
        .doesNotContain("\tat ");
  }

  @Test
  void anExecutionExceptionIsUnwrappedToo() {
    Cli.Result result = explode(Map.of(), "explode", "execution");

    assertThat(result.err())
        .contains("unexpected failure: java.lang.IllegalStateException")
        .doesNotContain("ExecutionException");
  }

  @Test
  void anAuthExceptionInsideACompletionExceptionKeepsItsCodeAndExitCode() {
    Cli.Result result = explode(Map.of(), "explode", "--json", "auth");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.AUTH_FAILED);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.at("/error/code").asText()).isEqualTo("ENDPOINT_UNAVAILABLE");
    assertThat(json.at("/error/message").asText()).isEqualTo("token endpoint down");
  }

  @Test
  void withJsonAnUnexpectedFailureIsOneObject() {
    Cli.Result result = explode(Map.of(), "explode", "--json", "completion");

    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = ImportJsonOutput.onlyObject(result.out());
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.at("/error/code").asText()).isEqualTo("UNEXPECTED");
    assertThat(json.at("/error/message").asText())
        .isEqualTo(
            "unexpected failure: java.lang.IllegalStateException caused by java.io.IOException");
    assertThat(result.out() + result.err()).doesNotContain("s3cr3t");
  }

  @Test
  void anErrorIsReportedAsAnUnexpectedFailureWithJsonToo() {
    Cli.Result result = explode(Map.of(), "explode", "--json", "error");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(ImportJsonOutput.onlyObject(result.out()).at("/error/message").asText())
        .isEqualTo("unexpected failure: java.lang.StackOverflowError");
    assertThat(result.out() + result.err()).doesNotContain("s3cr3t");
  }

  @Test
  void debugPrintsTheChainWithStackFramesButNoMessages() {
    Cli.Result result = explode(Map.of(), "explode", "--debug", "completion");

    assertThat(result.err())
        .contains("debug: java.lang.IllegalStateException")
        .contains("debug: caused by java.io.IOException")
        .containsPattern(
            "debug: {5}at io\\.customauth\\.runner\\.cli\\.FailureReportingTest\\$Explode\\.call"
                + "\\(FailureReportingTest\\.java:\\d+\\)")
        .doesNotContain("s3cr3t");
  }

  @Test
  void debugMayComeBeforeTheCommand() {
    Cli.Result result = explode(Map.of(), "--debug", "explode", "completion");

    assertThat(result.err()).contains("debug: java.lang.IllegalStateException");
  }

  @Test
  void theDebugVariableActsAsTheDebugOption() {
    Cli.Result result =
        explode(Map.of(RunnerEnvironment.DEBUG_VARIABLE, "1"), "explode", "completion");

    assertThat(result.err()).contains("debug: caused by java.io.IOException");
  }

  @Test
  void withoutDebugTheHintSaysHowToGetTheFrames() {
    Cli.Result result = explode(Map.of(), "explode", "completion");

    assertThat(result.err()).contains("--debug").doesNotContain("debug: ");
  }

  @Test
  void withJsonADebugChainGoesToStandardErrorAndStandardOutputStaysOneObject() {
    Cli.Result result = explode(Map.of(), "explode", "--json", "--debug", "completion");

    ImportJsonOutput.onlyObject(result.out());
    assertThat(result.err()).contains("debug: java.lang.IllegalStateException");
  }
}
