package io.customauth.runner.demo;

import static java.util.Objects.requireNonNull;

import io.customauth.runner.imports.ImportResult;

/**
 * How the demo ended.
 *
 * @param inputRecords records in the sample data set
 * @param providerRecords unique records the provider counted
 * @param tokensIssued tokens the provider handed out
 */
public record DemoOutcome(
    ImportResult result, long inputRecords, long providerRecords, long tokensIssued) {
  public DemoOutcome {
    requireNonNull(result, "result");
  }

  /** The import succeeded and the provider holds every record exactly once: exit 0. */
  public boolean succeeded() {
    return result.ok() && providerRecords == inputRecords;
  }

  /** For the last line of the demo's output. */
  public String providerLine() {
    return "Provider received "
        + providerRecords
        + " unique records of "
        + inputRecords
        + " sent ("
        + tokensIssued
        + " tokens issued): "
        + (succeeded() ? "OK" : "MISMATCH");
  }
}
