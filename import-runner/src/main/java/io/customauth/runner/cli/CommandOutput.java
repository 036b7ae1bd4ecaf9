package io.customauth.runner.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginProblem;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How a command talks to the user. With {@code --json}, standard output gets exactly one JSON
 * object and nothing else; without it, results go to standard output and errors to standard error.
 */
public final class CommandOutput {

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean debug;

  public CommandOutput(PrintWriter out, PrintWriter err, boolean json) {
    this(out, err, json, false);
  }

  /**
   * @param debug whether a failure also prints its causes' stack frames on {@code err} (class names
   *     and frames only: a library's message may quote a secret)
   */
  public CommandOutput(PrintWriter out, PrintWriter err, boolean json, boolean debug) {
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.json = json;
    this.debug = debug;
  }

  /**
   * The streams picocli was given (so tests can capture them), for the command of {@code spec};
   * with stack frames on failure when {@code --debug} or {@code IMPORT_RUNNER_DEBUG=1} asks.
   */
  public static CommandOutput of(CommandSpec spec, boolean json) {
    return new CommandOutput(
        spec.commandLine().getOut(), spec.commandLine().getErr(), json, debugRequested(spec));
  }

  private static boolean debugRequested(CommandSpec spec) {
    CommandSpec root = spec.root();
    if (root.userObject() instanceof ImportRunnerCommand command
        && command.debugFromEnvironment()) {
      return true;
    }
    ParseResult parsed = root.commandLine().getParseResult();
    return parsed != null
        && UnexpectedFailureHandler.matched(parsed, UnexpectedFailureHandler.DEBUG_OPTION);
  }

  public boolean json() {
    return json;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public static ObjectNode newObject() {
    return Json.MAPPER.createObjectNode();
  }

  /** Prints {@code object} as the one line of JSON of this command. */
  public void printJson(ObjectNode object) {
    try {
      out.println(Json.MAPPER.writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
    out.flush();
  }

  /**
   * With {@code --debug} (or {@code IMPORT_RUNNER_DEBUG=1}), prints {@code failure}'s chain of
   * causes with their stack frames (class names and frames, never a message) to standard error, for
   * a failure the command reported in its own words; otherwise nothing.
   */
  public void debugFrames(Throwable failure) {
    if (debug) {
      FailureChain.printFrames(failure, err);
    }
  }

  /**
   * Reports {@code failure} (as {@code {"ok":false,"error":…}} with {@code --json}) and returns
   * {@code exitCode}.
   */
  public int failure(AuthException failure, int exitCode) {
    int code = failure(error(failure), exitCode);
    if (debug) {
      FailureChain.printFrames(failure, err);
    }
    return code;
  }

  /**
   * Reports a failure that has a stable code, message and hint (as {@code
   * {"ok":false,"error":{"code":…,"message":…,"hint":…}}} with {@code --json}) and returns {@code
   * exitCode}. {@code message} must be safe to show: no token, configured value or response body.
   */
  public int failure(String code, String message, String hint, int exitCode) {
    return failure(
        newObject().put("code", code).put("message", message).put("hint", hint), exitCode);
  }

  private int failure(ObjectNode error, int exitCode) {
    if (json) {
      ObjectNode result = newObject().put("ok", false);
      result.set("error", error);
      printJson(result);
    } else {
      err.println("error: " + error.get("code").asText() + ": " + error.get("message").asText());
      err.println("hint: " + error.get("hint").asText());
      err.flush();
    }
    return exitCode;
  }

  /**
   * {@code {"code":…,"message":…,"hint":…}}, with {@code "violations":[{"path":…,"message":…}]} for
   * a config error.
   */
  public static ObjectNode error(AuthException failure) {
    ObjectNode error =
        newObject()
            .put("code", failure.code().name())
            .put("message", failure.getMessage())
            .put("hint", failure.hint());
    if (!failure.violations().isEmpty()) {
      ArrayNode violations = error.putArray("violations");
      for (ConfigViolation violation : failure.violations()) {
        violations.addObject().put("path", violation.path()).put("message", violation.message());
      }
    }
    return error;
  }

  /** Warns on standard error about plugins that were skipped; a command goes on without them. */
  public void warnAboutSkippedPlugins(PluginCatalog catalog) {
    for (PluginProblem problem : catalog.problems()) {
      err.println(
          "warning: plugin "
              + displayLocation(problem.location())
              + " skipped: "
              + problem.reason());
    }
    err.flush();
  }

  /**
   * A plugin's location as users see it: its absolute path, with a trailing {@code /} for a
   * directory, the same in every message.
   */
  public static String displayLocation(Path location) {
    String text = location.toAbsolutePath().normalize().toString().replace('\\', '/');
    return Files.isDirectory(location) ? text + "/" : text;
  }

  /** Prints {@code object} indented, for documents people read, such as a JSON Schema. */
  public void printJsonPretty(ObjectNode object) {
    try {
      out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of JSON nodes always serializes", e);
    }
    out.flush();
  }

  /** Built on first use: a command without {@code --json} never loads Jackson for its output. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
