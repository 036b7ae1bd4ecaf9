package io.customauth.runner.cli;

import io.customauth.spi.SpiVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version in the runner jar's manifest, and the SPI version it hosts. */
final class RunnerVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = RunnerVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "import-runner " + (version == null ? "(development build)" : version),
      "connector SPI " + SpiVersion.current()
    };
  }
}
