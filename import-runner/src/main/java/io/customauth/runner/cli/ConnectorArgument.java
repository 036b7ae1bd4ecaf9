package io.customauth.runner.cli;

import io.customauth.runner.imports.input.InputFormat;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The connector file argument of {@code validate}, {@code auth-test} and {@code import}: a data
 * file given in its place (swapped arguments) is a usage error that says so, rather than violations
 * from the data file's first line.
 */
final class ConnectorArgument {
  private ConnectorArgument() {}

  /**
   * @throws ParameterException when {@code file} is named as a CSV or NDJSON/JSONL input file
   */
  static void check(CommandSpec spec, Path file) {
    // .json is both a connector and an input format: only the other input names are certain.
    boolean input = InputFormat.forFile(file).filter(f -> f != InputFormat.JSON).isPresent();
    if (input) {
      throw new ParameterException(
          spec.commandLine(),
          "the first argument must be the connector file; " + file + " looks like an input file");
    }
  }
}
