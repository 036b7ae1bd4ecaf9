package io.customauth.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that a test starts to run code in a process of its own: this
 * JDK's {@code java}, the test class path and a main class.
 *
 * <p>The child stops at C1, as the test JVMs themselves do (surefire's {@code argLine}) and as the
 * launcher does for its short commands: it lives for seconds, C2 would compile little of use in
 * that time, and its compiler threads would take CPU from the other test JVMs on a small machine.
 * What the tests that use it check (signals and shutdown hooks, exit codes, file locks between
 * processes, SIGKILL and resume, Redis leases) does not depend on the compiler.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java -XX:TieredStopAtLevel=1 -cp <test class path> <main> <args>}, as a list the caller
   * may add to.
   */
  public static List<String> command(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
