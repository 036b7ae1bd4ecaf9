/**
 * The contracts between the import platform and its auth plugins.
 *
 * <p>A plugin ships an {@link io.customauth.spi.AuthStrategyFactory} registered for {@link
 * java.util.ServiceLoader}. The host validates a connector's auth block with it, creates an {@link
 * io.customauth.spi.AuthStrategy}, and asks that strategy for a {@link
 * io.customauth.spi.Credential} before every upload. Every failure crosses the boundary as an
 * {@link io.customauth.spi.AuthException} with a stable {@link io.customauth.spi.ErrorCode}.
 *
 * <p>This package depends on the JDK only, and grows only by new types and {@code default} methods.
 */
package io.customauth.spi;
