package io.customauth.plugin.custom.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.hibernate.validator.PredefinedScopeHibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Binds an auth block ({@code Map<String, Object>}) to a {@link CustomAuthConfig} with Jackson and
 * checks it with Jakarta Validation, reporting every problem at once.
 *
 * <p>Jackson stops at the first problem of a document, so each top-level field is bound on its own
 * first: an unknown field or a value of the wrong type becomes a violation and the field is left
 * out, then the rest is bound as a whole and validated. Messages are written here rather than taken
 * from Jackson, whose messages quote the offending value. Thread-safe.
 */
public final class ConfigReader {
  static {
    Validators.start(); // first, so that it runs while MAPPER is built
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          // The config records bind by their components' names and carry no Jackson annotation,
          // only Jakarta Validation's, which are Hibernate Validator's business: Jackson reading
          // every annotation of every component, accessor and constructor parameter took a third
          // of the binding's time in a short command.
          .disable(MapperFeature.USE_ANNOTATIONS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private static final Map<String, RecordComponent> FIELDS =
      Arrays.stream(CustomAuthConfig.class.getRecordComponents())
          .collect(
              Collectors.toMap(RecordComponent::getName, c -> c, (a, b) -> a, LinkedHashMap::new));

  private ConfigReader() {}

  /** Every problem of {@code config}, sorted by path; empty when it is valid. No I/O. */
  public static List<ConfigViolation> violations(Map<String, Object> config) {
    return bind(config).violations();
  }

  /**
   * The valid config.
   *
   * @throws AuthException {@code CONFIG_INVALID} with every violation
   */
  public static CustomAuthConfig read(Map<String, Object> config) {
    Outcome outcome = bind(config);
    if (!outcome.violations().isEmpty()) {
      throw AuthException.invalidConfig(outcome.violations());
    }
    return outcome.config();
  }

  private record Outcome(CustomAuthConfig config, List<ConfigViolation> violations) {}

  /** A config as it was bound (a deep, unmodifiable copy) and what binding it gave. */
  private record Bound(Map<String, Object> config, Outcome outcome) {}

  /**
   * The config bound last: a host validates a connector, then creates its strategy from the same
   * config, and binding it twice took a tenth of a second of a short command. Compared by value and
   * in order (a {@code jsonBody} is sent with its keys as written), with a copy, so a caller
   * changing its map afterwards never gets a stale outcome.
   */
  private static final AtomicReference<Bound> LAST = new AtomicReference<>();

  private static Outcome bind(Map<String, Object> config) {
    Bound last = LAST.get();
    if (last != null && sameInOrder(last.config(), config)) {
      return last.outcome();
    }
    Outcome outcome = bindAnew(config);
    Object copy = frozen(config);
    if (copy != UNCOPYABLE) {
      @SuppressWarnings("unchecked")
      Map<String, Object> frozenConfig = (Map<String, Object>) copy;
      LAST.set(new Bound(frozenConfig, outcome));
    }
    return outcome;
  }

  private static final Object UNCOPYABLE = new Object();

  /** {@link Object#equals}, with maps' entries also in the same order, at any depth. */
  private static boolean sameInOrder(Object a, Object b) {
    if (a instanceof Map<?, ?> first && b instanceof Map<?, ?> second) {
      if (first.size() != second.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> others = second.entrySet().iterator();
      for (Map.Entry<?, ?> entry : first.entrySet()) {
        Map.Entry<?, ?> other = others.next();
        if (!Objects.equals(entry.getKey(), other.getKey())
            || !sameInOrder(entry.getValue(), other.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> first && b instanceof List<?> second) {
      if (first.size() != second.size()) {
        return false;
      }
      for (int i = 0; i < first.size(); i++) {
        if (!sameInOrder(first.get(i), second.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b) && (a == null || a.getClass() == b.getClass());
  }

  /**
   * An unmodifiable deep copy of a config value, or {@link #UNCOPYABLE} when it holds something
   * other than maps, lists, strings, numbers, booleans and nulls (not remembered then).
   */
  private static Object frozen(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Double
        || value instanceof BigDecimal
        || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object frozen = frozen(entry.getValue());
        if (frozen == UNCOPYABLE || !(entry.getKey() instanceof String)) {
          return UNCOPYABLE;
        }
        copy.put(entry.getKey(), frozen);
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        Object frozen = frozen(element);
        if (frozen == UNCOPYABLE) {
          return UNCOPYABLE;
        }
        copy.add(frozen);
      }
      return Collections.unmodifiableList(copy);
    }
    return UNCOPYABLE;
  }

  private static Outcome bindAnew(Map<String, Object> config) {
    List<ConfigViolation> violations = new ArrayList<>();
    Map<String, Object> bindable = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : config.entrySet()) {
      String name = entry.getKey();
      RecordComponent field = FIELDS.get(name);
      if (field == null) {
        violations.add(
            new ConfigViolation(name, DidYouMean.unknown("field", name, FIELDS.keySet())));
        continue;
      }
      JavaType type = MAPPER.getTypeFactory().constructType(field.getGenericType());
      try {
        MAPPER.convertValue(entry.getValue(), type);
        bindable.put(name, entry.getValue());
      } catch (IllegalArgumentException e) {
        violations.add(describe(name, e));
      }
    }
    CustomAuthConfig bound;
    try {
      bound = MAPPER.convertValue(bindable, CustomAuthConfig.class);
    } catch (IllegalArgumentException e) {
      // Every field bound on its own, so only a surprise of Jackson's can land here.
      violations.add(describe("", e));
      return new Outcome(null, sorted(violations));
    }
    Set<String> unbound =
        violations.stream().map(ConfigViolation::path).collect(Collectors.toSet());
    for (ConstraintViolation<CustomAuthConfig> violation : Validators.get().validate(bound)) {
      String path = violation.getPropertyPath().toString();
      // A field that could not be bound is already reported; "is required" would only repeat it.
      if (!unbound.contains(topLevel(path))) {
        violations.add(new ConfigViolation(path, violation.getMessage()));
      }
    }
    return new Outcome(violations.isEmpty() ? bound : null, sorted(violations));
  }

  private static ConfigViolation describe(String field, IllegalArgumentException e) {
    if (!(e.getCause() instanceof JsonMappingException mapping)) {
      return new ConfigViolation(field, "has a value of the wrong type");
    }
    StringBuilder path = new StringBuilder(field);
    for (JsonMappingException.Reference reference : mapping.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    if (mapping instanceof UnrecognizedPropertyException unknown) {
      // A record's fields in the order the docs list them; Jackson's set has no useful order.
      Class<?> owner = unknown.getReferringClass();
      List<String> known =
          owner != null && owner.isRecord()
              ? Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getName).toList()
              : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      return new ConfigViolation(
          path.toString(), DidYouMean.unknown("field", unknown.getPropertyName(), known));
    }
    Class<?> target =
        mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
    return new ConfigViolation(path.toString(), expected(target));
  }

  private static String expected(Class<?> target) {
    if (target == null) {
      return "has a value of the wrong type";
    }
    if (target == String.class) {
      return "must be a string";
    }
    if (target == Long.class || target == long.class || target == Integer.class) {
      return "must be a whole number";
    }
    if (target == Double.class || target == double.class) {
      return "must be a number";
    }
    if (List.class.isAssignableFrom(target)) {
      return "must be a list of {\"key\": …, \"value\": …} rows";
    }
    if (Map.class.isAssignableFrom(target)) {
      return "must be a JSON object";
    }
    if (target == BasicAuth.class) {
      return "must be an object {\"username\": …, \"password\": …}";
    }
    if (target == KeyValue.class) {
      return "must be an object {\"key\": …, \"value\": …}";
    }
    if (target == Injection.class) {
      return "must be an object such as {\"header\": \"X-Api-Key\", \"prefix\": \"\"}"
          + " or {\"queryParameter\": \"access_token\"}";
    }
    return "must be " + target.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String topLevel(String path) {
    int end = path.length();
    int dot = path.indexOf('.');
    int bracket = path.indexOf('[');
    if (dot >= 0) {
      end = dot;
    }
    if (bracket >= 0 && bracket < end) {
      end = bracket;
    }
    return path.substring(0, end);
  }

  private static List<ConfigViolation> sorted(List<ConfigViolation> violations) {
    return violations.stream()
        .sorted(Comparator.comparing(ConfigViolation::path).thenComparing(ConfigViolation::message))
        .toList();
  }

  /**
   * Hibernate Validator, bootstrapped on its own thread when this class is first used, so that its
   * start-up (a few hundred milliseconds of reflection in a short command) runs while the caller's
   * thread builds {@link #MAPPER} and binds the config with Jackson; {@link #bind} waits for it.
   */
  static final class Validators {
    static final CompletableFuture<Validator> VALIDATOR = new CompletableFuture<>();

    /**
     * The Jakarta Validation built-in constraints the config classes use: the only ones Hibernate
     * Validator registers. A class in {@link #VALIDATED_CLASSES} with another one fails the
     * validator's bootstrap (ConfigReaderBootstrapTest lists them from the classes themselves).
     */
    static final Set<String> BUILTIN_CONSTRAINTS =
        Set.of(
            NotNull.class.getName(),
            NotBlank.class.getName(),
            Pattern.class.getName(),
            Min.class.getName(),
            Max.class.getName(),
            Positive.class.getName(),
            PositiveOrZero.class.getName());

    /** The config record and every class it cascades to with {@code @Valid}. */
    static final Set<Class<?>> VALIDATED_CLASSES =
        Set.of(CustomAuthConfig.class, KeyValue.class, BasicAuth.class, Injection.class);

    static {
      Thread bootstrap =
          new Thread(
              () -> {
                try {
                  VALIDATOR.complete(build());
                } catch (Throwable e) {
                  VALIDATOR.completeExceptionally(e);
                }
              },
              "custom-auth-validator-bootstrap");
      bootstrap.setDaemon(true);
      bootstrap.start();
    }

    /** Does nothing: initialising this class starts the bootstrap. */
    static void start() {}

    /** The validator, once bootstrapped; rethrows what the bootstrap threw. */
    static Validator get() {
      try {
        return VALIDATOR.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException unchecked) {
          throw unchecked;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }

    private static Validator build() {
      // The provider is named explicitly instead of being looked up through the thread's context
      // class loader first, which in the host is not this plugin's. English messages only, and
      // no EL: ParameterMessageInterpolator never evaluates expressions with configured values.
      //
      // Predefined scope (Hibernate Validator's bootstrap for a known set of beans): only the
      // built-in constraints the config classes use are registered, and their metadata is built
      // here, once. The default bootstrap registers every built-in constraint (a few hundred
      // validator classes, PESEL to ThaiBuddhistDate) on each start-up of a short command.
      ValidatorFactory factory =
          Validation.byProvider(PredefinedScopeHibernateValidator.class)
              .providerResolver(() -> List.of(new PredefinedScopeHibernateValidator()))
              .configure()
              // No META-INF/validation.xml is read or looked for: the configuration is all here.
              .ignoreXmlConfiguration()
              .externalClassLoader(ConfigReader.class.getClassLoader())
              .messageInterpolator(
                  new ParameterMessageInterpolator(Set.of(Locale.ROOT), Locale.ROOT, false))
              .builtinConstraints(BUILTIN_CONSTRAINTS)
              .initializeBeanMetaData(VALIDATED_CLASSES)
              .buildValidatorFactory();
      return factory.getValidator();
    }
  }
}
