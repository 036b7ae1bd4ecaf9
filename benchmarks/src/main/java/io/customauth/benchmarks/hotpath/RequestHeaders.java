package io.customauth.benchmarks.hotpath;

import io.customauth.spi.OutgoingRequest;

/**
 * The request every benchmark puts its Authorization value on: one reusable object with a field per
 * header we set, so "putting it on a request" costs the same store for every library.
 */
public final class RequestHeaders implements OutgoingRequest {
  String name;
  String value;

  @Override
  public void setHeader(String name, String value) {
    this.name = name;
    this.value = value;
  }

  @Override
  public void addQueryParameter(String name, String value) {
    throw new UnsupportedOperationException("the benchmarks put tokens in a header");
  }

  /** The Authorization value last set. */
  public String value() {
    return value;
  }
}
