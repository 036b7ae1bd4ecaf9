package io.customauth.examples.hmacsigning;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the built distribution (import-runner/target/dist) with this module's plugin jar
 * installed as a user would: in a directory of its own under plugins/. Commands run through the
 * shipped launcher, bin/import-runner, as a child process.
 */
final class Distribution {
  /** What a command printed and how it exited. */
  record Run(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path home;

  private Distribution(Path home) {
    this.home = home;
  }

  /**
   * Copies the distribution into {@code directory} and puts the module's jar (from {@code package})
   * into plugins/{@code pluginDirectory}/.
   */
  static Distribution withPlugin(Path directory, String pluginDirectory) throws IOException {
    Path dist =
        Path.of(System.getProperty("import-runner.dist", "../../import-runner/target/dist"));
    Path jar = Path.of(System.getProperty("plugin.jar", "target/plugin.jar"));
    if (!Files.isExecutable(dist.resolve("bin/import-runner")) || !Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "run through Maven's verify: needs " + dist + " and " + jar + " built");
    }
    Path home = directory.resolve("dist");
    try (Stream<Path> files = Files.walk(dist)) {
      for (Path source : files.toList()) {
        Path target = home.resolve(dist.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Path plugin = Files.createDirectories(home.resolve("plugins").resolve(pluginDirectory));
    Files.copy(jar, plugin.resolve(jar.getFileName()));
    return new Distribution(home);
  }

  /** Runs {@code bin/import-runner args} in {@code workDir} with {@code env} added. */
  Run run(Path workDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/import-runner").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("IMPORT_RUNNER_CDS", "off");
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile(workDir, "out", ".txt");
      Path err = Files.createTempFile(workDir, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("import-runner did not finish in 120 s: " + command);
      }
      return new Run(
          process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
