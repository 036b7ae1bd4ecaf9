package io.customauth.runner.cli;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates commands for picocli, handing the {@link RunnerEnvironment} to every command with a
 * constructor taking it; anything else comes from picocli's default factory.
 */
final class RunnerCommandFactory implements CommandLine.IFactory {
  private final RunnerEnvironment environment;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  RunnerCommandFactory(RunnerEnvironment environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    Constructor<K> constructor;
    try {
      constructor = type.getDeclaredConstructor(RunnerEnvironment.class);
    } catch (NoSuchMethodException e) {
      return fallback.create(type);
    }
    constructor.setAccessible(true);
    return constructor.newInstance(environment);
  }
}
