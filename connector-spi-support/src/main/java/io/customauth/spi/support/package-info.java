/**
 * Building blocks for auth plugins, JDK only: {@link io.customauth.spi.support.TokenCache} owns a
 * token's life (single flight, refresh ahead at {@code refreshAt}, keep the valid token on failure
 * with backoff, compare-and-invalidate on rejection), and {@link
 * io.customauth.spi.support.RefreshingTokenStrategy} is an {@link io.customauth.spi.AuthStrategy}
 * built on it, so that a plugin that fetches tokens writes only the fetch and, if it wants, how the
 * token goes on a request.
 *
 * <p>Not part of the SPI: the host does not provide this package. A plugin bundles {@code
 * connector-spi-support}'s jar in its own plugin directory, beside its own jar.
 */
package io.customauth.spi.support;
