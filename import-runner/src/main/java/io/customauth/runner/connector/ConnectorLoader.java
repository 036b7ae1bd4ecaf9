package io.customauth.runner.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.customauth.runner.plugin.DescribedConfig;
import io.customauth.runner.plugin.LoadedPlugin;
import io.customauth.runner.plugin.PluginCatalog;
import io.customauth.runner.plugin.PluginProblem;
import io.customauth.spi.AuthContext;
import io.customauth.spi.AuthException;
import io.customauth.spi.AuthStrategy;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.Connector;
import io.customauth.spi.SecretResolver;
import io.customauth.spi.UploadTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads connector files and turns them into {@link Connector}s with the plugins of a {@link
 * PluginCatalog}. Every problem is collected before anything fails, the connector's own ones and
 * the plugin's (prefixed {@code auth.}), so one run shows the user everything to fix.
 *
 * <p>A plugin's bug (its {@code validate} or {@code create} throwing, or returning {@code null})
 * surfaces as the {@link io.customauth.runner.plugin.PluginFailure} of the plugin's guard, never as
 * the user's {@code CONFIG_INVALID}. Thread-safe.
 */
public final class ConnectorLoader {
  private static final List<String> FIELDS = List.of("name", "auth", "upload");

  private final PluginCatalog plugins;
  private final Function<ConnectorDefinition, AuthContext> contexts;

  /**
   * @param contexts the context of a connector's strategy, given the absolute directory of the
   *     connector file (where its relative {@code ${file:…}} references start), e.g. {@code
   *     hostAuthContext::forConnectorIn}
   */
  public ConnectorLoader(PluginCatalog plugins, Function<Path, AuthContext> contexts) {
    requireNonNull(contexts, "contexts");
    this.plugins = requireNonNull(plugins, "plugins");
    this.contexts = definition -> contexts.apply(definition.file().getParent());
  }

  private ConnectorLoader(
      Function<ConnectorDefinition, AuthContext> contexts, PluginCatalog plugins) {
    this.plugins = requireNonNull(plugins, "plugins");
    this.contexts = requireNonNull(contexts, "contexts");
  }

  /**
   * A loader whose strategies get the context of their whole definition, e.g. {@code definition ->
   * host.forConnector(definition.file().getParent(), definition.type(), definition.auth())}, so
   * that the context can depend on the auth block (the token store's scope).
   */
  public static ConnectorLoader perConnector(
      PluginCatalog plugins, Function<ConnectorDefinition, AuthContext> contexts) {
    return new ConnectorLoader(contexts, plugins);
  }

  /**
   * A loader that only reads and checks files ({@link #read}, {@link #violations}); its {@code
   * open} methods throw {@link IllegalStateException}.
   */
  public ConnectorLoader(PluginCatalog plugins) {
    this(
        plugins,
        directory -> {
          throw new IllegalStateException("this ConnectorLoader was made to read files only");
        });
  }

  /**
   * Builds the JSON reader of connector files on a daemon thread, for a command that will read one:
   * Jackson's first mapper in a JVM takes tens of milliseconds of class initialisation (date
   * formats, locale data), which then overlaps the command line's own set-up. Returns at once;
   * {@link #read} waits for it if it is still running (the JVM's class initialisation lock). The
   * mapper's set-up depends on no input: it fails only as the JVM does (out of memory), and {@link
   * #read} then fails too.
   */
  public static void prepareInBackground() {
    Thread prepare = new Thread(ConnectorLoader::prepareNow, "connector-reader-prepare");
    prepare.setDaemon(true);
    prepare.start();
  }

  private static void prepareNow() {
    try {
      ConnectorDocument.touch();
    } catch (Throwable e) {
      // Left for read(), which meets the same failure.
    }
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws AuthException {@code CONFIG_INVALID} listing every violation, as {@code path: message}
   */
  public ConnectorDefinition read(Path file) {
    JsonNode root = ConnectorDocument.read(file);
    List<ConfigViolation> violations = new ArrayList<>();
    if (!root.isObject()) {
      throw AuthException.invalidConfig(
          List.of(new ConfigViolation("", "a connector must be an object with name and auth")));
    }
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        violations.add(new ConfigViolation(name, DidYouMean.unknown("field", name, FIELDS)));
      }
    }
    String name = name(root.get("name"), violations);
    Optional<Auth> auth = auth(root.get("auth"), violations);
    Optional<UploadTarget> upload =
        root.has("upload") ? UploadBlock.read(root.get("upload"), violations) : Optional.empty();
    if (!violations.isEmpty()) {
      throw AuthException.invalidConfig(violations);
    }
    Auth valid = auth.orElseThrow();
    return new ConnectorDefinition(
        file.toAbsolutePath().normalize(), name, valid.plugin(), valid.config(), upload);
  }

  /** Every violation of {@code file}; empty when it is valid. */
  public List<ConfigViolation> violations(Path file) {
    try {
      read(file);
      return List.of();
    } catch (AuthException e) {
      if (e.violations().isEmpty()) {
        throw e;
      }
      return e.violations();
    }
  }

  /**
   * Resolves every reference of {@code definition}'s auth block ({@code validate --resolve}):
   * variables set, files readable within their limit. Sends nothing and keeps nothing.
   *
   * @param secrets a resolver for the connector file's directory, naming fields under {@code auth.}
   * @return each reference that could not be resolved; empty when all could
   */
  public static List<ConfigViolation> unresolvedReferences(
      ConnectorDefinition definition, SecretResolver secrets) {
    return ConfigStrings.unresolved(definition.auth(), secrets);
  }

  /**
   * Creates the connector's strategy, with the context of the connector file's directory. Fetches
   * no token: the first {@code credential()} does. The caller closes the connector.
   *
   * @throws AuthException from the plugin, e.g. {@code CONFIG_INVALID}
   * @throws io.customauth.runner.plugin.PluginFailure when the plugin's {@code create} fails
   */
  public Connector open(ConnectorDefinition definition) {
    AuthContext context = contexts.apply(definition);
    AuthStrategy strategy = definition.plugin().factory().create(definition.auth(), context);
    return new Connector(definition.name(), strategy, definition.upload());
  }

  /** {@link #read} then {@link #open(ConnectorDefinition)}. */
  public Connector open(Path file) {
    return open(read(file));
  }

  /**
   * {@link #open(Path)} for an import, which needs an upload block.
   *
   * @throws AuthException {@code CONFIG_INVALID} naming {@code upload} when the file has none
   */
  public Connector openForImport(Path file) {
    return open(readForImport(file));
  }

  /**
   * {@link #read(Path)} for an import, which needs an upload block; creates no strategy.
   *
   * @throws AuthException {@code CONFIG_INVALID} naming {@code upload} when the file has none
   */
  public ConnectorDefinition readForImport(Path file) {
    ConnectorDefinition definition = read(file);
    if (definition.upload().isEmpty()) {
      throw AuthException.invalidConfig(
          List.of(
              new ConfigViolation(
                  "upload", "is required to import: add an upload block with at least a url")));
    }
    return definition;
  }

  private static String name(JsonNode node, List<ConfigViolation> violations) {
    if (node == null) {
      violations.add(new ConfigViolation("name", "is required"));
      return "";
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      violations.add(new ConfigViolation("name", "must be a non-empty string"));
      return "";
    }
    return node.textValue();
  }

  private record Auth(LoadedPlugin plugin, Map<String, Object> config) {}

  private Optional<Auth> auth(JsonNode node, List<ConfigViolation> violations) {
    if (node == null) {
      violations.add(new ConfigViolation("auth", "is required: a connector has one auth block"));
      return Optional.empty();
    }
    if (node.isArray()) {
      violations.add(
          new ConfigViolation(
              "auth", "must be one object: a connector has exactly one auth block"));
      return Optional.empty();
    }
    if (!node.isObject()) {
      violations.add(new ConfigViolation("auth", "must be an object"));
      return Optional.empty();
    }
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual() || type.textValue().isBlank()) {
      violations.add(
          new ConfigViolation("auth.type", "is required and must name an auth type" + available()));
      return Optional.empty();
    }
    Optional<LoadedPlugin> plugin = plugins.find(type.textValue());
    if (plugin.isEmpty()) {
      violations.add(new ConfigViolation("auth.type", notProvided(type.textValue())));
      return Optional.empty();
    }
    int before = violations.size();
    Map<String, Object> config = ConfigTree.toMap(node, "auth", violations);
    violations.addAll(ConfigStrings.referenceProblems(config, "auth."));
    // The host's checks of a plugin that describes itself come first; the plugin's own follow,
    // each path told once.
    List<ConfigViolation> generic =
        plugin
            .get()
            .description()
            .map(d -> DescribedConfig.violations(d, config))
            .orElse(List.of());
    List<ConfigViolation> own = plugin.get().factory().validate(config);
    for (ConfigViolation violation : DescribedConfig.merge(generic, own)) {
      violations.add(new ConfigViolation(authPath(violation.path()), violation.message()));
    }
    return violations.size() > before
        ? Optional.empty()
        : Optional.of(new Auth(plugin.get(), config));
  }

  private static String authPath(String path) {
    if (path.isEmpty()) {
      return "auth";
    }
    return path.startsWith("[") ? "auth" + path : "auth." + path;
  }

  /** Why {@code type} cannot be used: a skipped plugin provides it, or none does. */
  private String notProvided(String type) {
    Optional<String> disabled = plugins.whyDisabled(type);
    if (disabled.isPresent()) {
      return "type '" + type + "' is disabled: " + disabled.get();
    }
    String message = "no installed plugin provides this type" + available();
    List<PluginProblem> unknown = plugins.problemsWithoutType();
    if (!unknown.isEmpty()) {
      message +=
          "; plugins that failed to load and may provide it: "
              + String.join(
                  ", ", unknown.stream().map(problem -> problem.location().toString()).toList());
    }
    return message;
  }

  private String available() {
    List<String> types = plugins.types();
    return types.isEmpty()
        ? "; no auth plugins are installed"
        : "; available types: " + String.join(", ", types);
  }
}
