package io.customauth.runner.tokenstore;

import io.customauth.runner.connector.ConnectorDefinition;
import io.customauth.runner.connector.ConnectorLoader;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A runner that takes a connector's token lock and then hangs, for the test that kills it with
 * SIGKILL: {@code LockHolderMain <plugins dir> <connector file> <store url> <secret> <lease ms>}.
 * Prints {@code locked} once it holds the lock.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (PluginCatalog catalog = new PluginHost().discover(Path.of(args[0]))) {
      ConnectorDefinition definition = new ConnectorLoader(catalog).read(Path.of(args[1]));
      RedisTokenStore store =
          new RedisTokenStore(
              StoreAddress.parse(args[2]), args[3], Clock.systemUTC(), new RecordingLogger());
      store
          .forConnector(definition.type(), definition.auth())
          .tryLock("token", Duration.ofMillis(Long.parseLong(args[4])))
          .orElseThrow();
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
