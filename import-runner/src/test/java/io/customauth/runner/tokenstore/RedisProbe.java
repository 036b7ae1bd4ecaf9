package io.customauth.runner.tokenstore;

/** Whether the machine's own Redis answers on 127.0.0.1:6379, for tests that use it. */
public final class RedisProbe {
  private RedisProbe() {}

  public static boolean localAnswers() {
    return RedisServer.answers(6379);
  }
}
