package io.customauth.plugin.custom.token;

import java.time.Duration;
import java.time.Instant;

/** When to refresh a token: its expiry minus the safety window, but never before half its life. */
public final class RefreshTime {
  private RefreshTime() {}

  /**
   * @param obtainedAt when the provider's answer arrived
   * @param expiresAt when the token stops being accepted; after {@code obtainedAt}
   * @param safetyWindow how long before expiry to refresh
   */
  public static Instant of(Instant obtainedAt, Instant expiresAt, Duration safetyWindow) {
    Duration lifetime = Duration.between(obtainedAt, expiresAt);
    // A window wider than half the lifetime would refresh a short-lived token almost at once
    // and then keep refreshing; capping it means a 60-second token is still used for 30 seconds.
    Duration window =
        safetyWindow.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : safetyWindow;
    return expiresAt.minus(window);
  }
}
