package io.customauth.runner.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher ({@code src/dist/bin/import-runner}, run by {@code sh}) and its
 * class-data sharing archives: it passes the static archive with the dynamic one on top only for
 * the JDK and the directory the build made them with, spelt the way the build saw that directory
 * (the JVM compares the class path with the one recorded in the archive, and shares no class at all
 * when they differ), and leaves them out everywhere else. The JDK here is a stand-in whose {@code
 * bin/java} prints its arguments, one a line, so that every case shows the exact command line; the
 * archives' effect on a real JVM is measured in BENCHMARKS.md (part 4).
 */
class LauncherClassDataSharingTest {
  private static final Path LAUNCHER = Path.of("src/dist/bin/import-runner");
  private static final String MAIN_CLASS = "io.customauth.runner.cli.ImportRunnerCommand";

  @TempDir Path dir;

  private Path jdk;
  private Path dist;

  @BeforeEach
  void distributionWithArchives() throws IOException {
    dir = dir.toRealPath();
    jdk = fakeJdk(dir.resolve("jdk"));
    dist = distribution(dir.resolve("dist"), jdk, null);
  }

  @Test
  void inPlaceOnTheJdkThatMadeThemBothLayersAreGivenWithTheSameClassPath() throws Exception {
    List<String> args = run(dist.resolve("bin/import-runner"), jdk, Map.of(), "plugins");

    assertThat(args)
        .contains(
            "-XX:SharedArchiveFile="
                + dist.resolve("lib/import-runner.jsa")
                + ":"
                + dist.resolve("lib/import-runner-top.jsa"),
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
            "-Dimport-runner.home=" + dist)
        .containsSubsequence("-cp", dist + "/lib/*", MAIN_CLASS, "plugins");
  }

  @Test
  void calledThroughASymlinkOrARelativePathTheArchivesStillFit() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("ir"), dist.resolve("bin/import-runner"));
    String archives = archiveOption(dist);

    assertThat(run(link, jdk, Map.of(), "plugins")).contains(archives);
    assertThat(run(Path.of("bin/import-runner"), dist, jdk, Map.of(), "plugins"))
        .contains(archives)
        .containsSubsequence("-cp", dist + "/lib/*");
  }

  @Test
  void withoutTheTopLayerTheStaticArchiveAloneIsGiven() throws Exception {
    Files.delete(dist.resolve("lib/import-runner-top.jsa"));

    assertThat(run(dist.resolve("bin/import-runner"), jdk, Map.of(), "plugins"))
        .contains(
            "-XX:SharedArchiveFile=" + dist.resolve("lib/import-runner.jsa"), "-Xlog:cds=off");
  }

  @Test
  void anotherJdkGetsNoArchiveAndSoKeepsItsOwn() throws Exception {
    Path otherJdk = fakeJdk(dir.resolve("other-jdk"));

    assertNoArchive(run(dist.resolve("bin/import-runner"), otherJdk, Map.of(), "plugins"));
  }

  @Test
  void aMovedDistributionGetsNoArchive() throws Exception {
    Path moved = distribution(dir.resolve("moved"), jdk, dist);

    List<String> args = run(moved.resolve("bin/import-runner"), jdk, Map.of(), "plugins");

    assertNoArchive(args);
    assertThat(args).containsSubsequence("-cp", moved + "/lib/*");
  }

  @Test
  void builtThroughASymlinkTheClassPathIsSpeltAsTheBuildSawIt() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path linked = Files.createSymbolicLink(dir.resolve("linked"), real);
    distribution(real.resolve("dist"), jdk, linked.resolve("dist"));

    List<String> args = run(real.resolve("dist/bin/import-runner"), jdk, Map.of(), "plugins");

    Path asBuilt = linked.resolve("dist");
    assertThat(args)
        .contains(archiveOption(asBuilt), "-Dimport-runner.home=" + asBuilt)
        .containsSubsequence("-cp", asBuilt + "/lib/*");
  }

  @Test
  void aDirectoryWithASpaceKeepsTheArchiveOptionInOnePiece() throws Exception {
    Path spaced = distribution(dir.resolve("with space"), jdk, null);

    assertThat(run(spaced.resolve("bin/import-runner"), jdk, Map.of(), "plugins"))
        .contains(archiveOption(spaced))
        .containsSubsequence("-cp", spaced + "/lib/*");
  }

  @Test
  void importRunnerCdsOffOrAMissingRecordLeavesThemOut() throws Exception {
    Path launcher = dist.resolve("bin/import-runner");
    assertNoArchive(run(launcher, jdk, Map.of("IMPORT_RUNNER_CDS", "off"), "plugins"));

    Files.delete(dist.resolve("lib/import-runner.jsa.dist-home"));
    assertNoArchive(run(launcher, jdk, Map.of(), "plugins"));
  }

  @Test
  void recordsWithoutAFinalLineBreakAreReadToo() throws Exception {
    Files.writeString(dist.resolve("lib/import-runner.jsa.java-home"), jdk.toString(), UTF_8);
    Files.writeString(dist.resolve("lib/import-runner.jsa.dist-home"), dist.toString(), UTF_8);

    assertThat(run(dist.resolve("bin/import-runner"), jdk, Map.of(), "plugins"))
        .contains(archiveOption(dist));
  }

  @Test
  void namesTheLoggingConfigBeforeJavaOptsSoAUsersOwnWins() throws Exception {
    String ours = "-Djava.util.logging.config.file=" + dist.resolve("conf/logging.properties");
    String theirs = "-Djava.util.logging.config.file=/etc/mine.properties";

    assertThat(run(dist.resolve("bin/import-runner"), jdk, Map.of(), "validate", "c.json"))
        .containsSubsequence(ours, MAIN_CLASS);
    assertThat(run(dist.resolve("bin/import-runner"), jdk, Map.of("JAVA_OPTS", theirs), "plugins"))
        .containsSubsequence(ours, theirs, MAIN_CLASS);
  }

  @Test
  void givesTheSerialCollectorUnlessTheUsersOptionsNameACollector() throws Exception {
    Path launcher = dist.resolve("bin/import-runner");
    assertThat(run(launcher, jdk, Map.of(), "import", "c.json"))
        .containsSubsequence("-Xmx512m", "-XX:+UseSerialGC", MAIN_CLASS);
    assertThat(run(launcher, jdk, Map.of(), "auth-test", "c.json")).contains("-XX:+UseSerialGC");

    // The JVM refuses two collectors ("Conflicting collector combinations"): the user's wins.
    for (Map<String, String> theirs :
        List.of(
            Map.of("JAVA_OPTS", "-XX:+UseG1GC"),
            Map.of("JAVA_OPTS", "-Xms1g -XX:+UseParallelGC -Xss2m"),
            Map.of("JDK_JAVA_OPTIONS", "-XX:+UseZGC"),
            Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseShenandoahGC"))) {
      List<String> args = run(launcher, jdk, theirs, "import", "c.json");
      assertThat(args).as("%s", theirs).doesNotContain("-XX:+UseSerialGC").contains(MAIN_CLASS);
    }
    assertThat(run(launcher, jdk, Map.of("JAVA_OPTS", "-XX:+UseSerialGC"), "import", "c.json"))
        .filteredOn("-XX:+UseSerialGC"::equals)
        .hasSize(1);
    // Split as the JVM splits them: tabs and line breaks too, and JDK_JAVA_OPTIONS may quote.
    for (Map<String, String> theirs :
        List.of(
            Map.of("JAVA_OPTS", "-Xmx1g\t-XX:+UseG1GC"),
            Map.of("JAVA_OPTS", "-Xmx1g\n-XX:+UseParallelGC\n"),
            Map.of("JDK_JAVA_OPTIONS", "\"-XX:+UseG1GC\""),
            Map.of("JAVA_TOOL_OPTIONS", "'-XX:+UseG1GC'"))) {
      assertThat(run(launcher, jdk, theirs, "plugins"))
          .as("%s", theirs)
          .doesNotContain("-XX:+UseSerialGC");
    }
    // Options in a file are not read here: then the launcher adds no collector of its own.
    for (String file :
        List.of("@/etc/jvm.args", "-XX:VMOptionsFile=/etc/jvm", "-XX:Flags=/etc/f")) {
      assertThat(run(launcher, jdk, Map.of("JAVA_OPTS", file), "import", "c.json"))
          .as(file)
          .doesNotContain("-XX:+UseSerialGC")
          .contains(file);
    }
    // A word with a wildcard reaches the JVM as written, never as the names of files it matches.
    Files.createFile(dir.resolve("-XX:+UseG1GC"));
    Files.createFile(dir.resolve("-Dpattern=a.csv"));
    assertThat(run(launcher, jdk, Map.of("JAVA_OPTS", "-XX:+Use* -Dpattern=*.csv"), "plugins"))
        .contains("-XX:+UseSerialGC", "-XX:+Use*", "-Dpattern=*.csv")
        .doesNotContain("-XX:+UseG1GC", "-Dpattern=a.csv");
    // Options that merely mention GC are not a collector.
    assertThat(
            run(launcher, jdk, Map.of("JAVA_OPTS", "-XX:MaxGCPauseMillis=50 -Xlog:gc"), "plugins"))
        .contains("-XX:+UseSerialGC", "-XX:MaxGCPauseMillis=50");
  }

  @Test
  void theShortCommandsStopAtC1WithOneCompilerThreadUnlessTheUserTunesTheCompiler()
      throws Exception {
    Path launcher = dist.resolve("bin/import-runner");
    for (String command : List.of("plugins", "validate", "auth-test")) {
      assertThat(run(launcher, jdk, Map.of(), command, "c.json"))
          .containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", MAIN_CLASS);
    }
    assertThat(run(launcher, jdk, Map.of(), "--debug", "validate", "c.json"))
        .contains("-XX:CICompilerCount=1");
    assertThat(run(launcher, jdk, Map.of(), "import", "c.json"))
        .noneMatch(arg -> arg.startsWith("-XX:TieredStopAtLevel"))
        .noneMatch(arg -> arg.startsWith("-XX:CICompilerCount"))
        .containsSubsequence(
            "-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=40000",
            MAIN_CLASS);
    // HotSpot takes the last of a repeated -XX option: the user's JAVA_OPTS come after ours.
    assertThat(
            run(launcher, jdk, Map.of("JAVA_OPTS", "-XX:Tier4InvocationThreshold=5000"), "import"))
        .containsSubsequence(
            "-XX:Tier4InvocationThreshold=20000", "-XX:Tier4InvocationThreshold=5000", MAIN_CLASS);
    assertThat(run(launcher, jdk, Map.of(), "validate", "c.json"))
        .noneMatch(arg -> arg.startsWith("-XX:Tier4"));

    // One compiler thread with C2 on is refused by the JVM ("CICompilerCount (1) must be at
    // least 2"): a user who turns C2 back on, or sets the count, gets no count from us.
    for (String theirs :
        List.of(
            "-XX:TieredStopAtLevel=4",
            "-XX:+TieredCompilation",
            "-XX:CICompilerCount=3",
            "-Xmx1g\t-XX:TieredStopAtLevel=4",
            "@/etc/jit.args")) {
      assertThat(run(launcher, jdk, Map.of("JAVA_OPTS", theirs), "validate", "c.json"))
          .as(theirs)
          .contains("-XX:TieredStopAtLevel=1", MAIN_CLASS)
          .doesNotContain("-XX:CICompilerCount=1");
    }
  }

  @Test
  void tellsImportHowItWasCalledSoThatTheResumeCommandCanBePasted() throws Exception {
    Path launcher = dist.resolve("bin/import-runner");
    String property = "-Dimport-runner.launcher=";

    // Called by its path: that path.
    assertThat(run(launcher, jdk, Map.of("PATH", "/usr/bin:/bin"), "import", "c.json"))
        .contains(property + launcher);
    // The same script is what PATH finds: the bare name.
    assertThat(
            run(
                launcher,
                jdk,
                Map.of("PATH", launcher.getParent() + ":/usr/bin:/bin"),
                "import",
                "c.json"))
        .contains(property + "import-runner");
    // Another import-runner on PATH: the path again.
    Path other = Files.createDirectories(dir.resolve("other/bin"));
    Files.copy(LAUNCHER, other.resolve("import-runner"));
    Files.setPosixFilePermissions(
        other.resolve("import-runner"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(run(launcher, jdk, Map.of("PATH", other + ":/usr/bin:/bin"), "demo"))
        .contains(property + launcher);
    // The commands that print no resume command are not told.
    assertThat(run(launcher, jdk, Map.of(), "validate", "c.json"))
        .noneMatch(arg -> arg.startsWith(property));
  }

  private static String archiveOption(Path home) {
    return "-XX:SharedArchiveFile="
        + home.resolve("lib/import-runner.jsa")
        + ":"
        + home.resolve("lib/import-runner-top.jsa");
  }

  private static void assertNoArchive(List<String> args) {
    assertThat(args).isNotEmpty().contains(MAIN_CLASS);
    assertThat(args).noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));
    assertThat(args).noneMatch(arg -> arg.startsWith("-Xlog:cds"));
  }

  /** A JDK whose {@code bin/java} prints each argument on its own line and exits 0. */
  private static Path fakeJdk(Path home) throws IOException {
    Path java = home.resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n", UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /**
   * A distribution at {@code home} with the launcher and archives (their bytes do not matter here)
   * recorded as made by {@code madeBy} in {@code builtAt} ({@code home} itself when null), as the
   * build writes them.
   */
  private static Path distribution(Path home, Path madeBy, Path builtAt) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path lib = Files.createDirectories(home.resolve("lib"));
    Path launcher = bin.resolve("import-runner");
    Files.copy(LAUNCHER, launcher);
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.write(lib.resolve("import-runner.jsa"), new byte[] {1});
    Files.write(lib.resolve("import-runner-top.jsa"), new byte[] {2});
    Files.writeString(lib.resolve("import-runner.jsa.java-home"), madeBy + "\n", UTF_8);
    Files.writeString(
        lib.resolve("import-runner.jsa.dist-home"),
        (builtAt == null ? home : builtAt) + "\n",
        UTF_8);
    return home;
  }

  private List<String> run(Path launcher, Path javaHome, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(launcher, dir, javaHome, env, args);
  }

  /** The arguments the launcher, run from {@code workDir}, gave {@code java}, one per element. */
  private static List<String> run(
      Path launcher, Path workDir, Path javaHome, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("IMPORT_RUNNER_CDS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
