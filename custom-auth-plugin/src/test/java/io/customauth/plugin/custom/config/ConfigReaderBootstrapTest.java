package io.customauth.plugin.custom.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The validator is bootstrapped in Hibernate Validator's predefined scope, which knows only the
 * built-in constraints and classes it is given: both sets are checked here against what the config
 * classes declare, so a constraint or a {@code @Valid} added later cannot be silently missed.
 */
class ConfigReaderBootstrapTest {
  private static final String BUILTIN_PACKAGE = "jakarta.validation.constraints";

  @Test
  void registersExactlyTheBuiltInConstraintsTheConfigClassesUse() {
    Set<String> used = new HashSet<>();
    for (Class<?> type : reachableClasses()) {
      for (Annotation annotation : constraintsOf(type)) {
        collectBuiltins(annotation.annotationType(), used, new HashSet<>());
      }
    }

    assertThat(used).isNotEmpty();
    assertThat(ConfigReader.Validators.BUILTIN_CONSTRAINTS)
        .containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void initializesEveryClassTheConfigCascadesTo() {
    assertThat(ConfigReader.Validators.VALIDATED_CLASSES)
        .containsExactlyInAnyOrderElementsOf(reachableClasses());
  }

  @Test
  void validatesNestedRowsThroughThePredefinedScope() {
    // A cascaded KeyValue's own constraint: found only when KeyValue's metadata was initialized.
    List<?> violations =
        ConfigReader.violations(
            Map.of(
                "type", "custom",
                "method", "POST",
                "authenticationUrl", "https://auth.example.com/token",
                "tokenKeyName", "access_token",
                "expiryType", "none",
                "requestBody", List.of(Map.of("value", "x"))));

    assertThat(violations).extracting("path").contains("requestBody[0].key");
  }

  @Test
  void noConfigClassCarriesAJacksonAnnotationWhichTheReaderWouldIgnore() {
    // ConfigReader's mapper reads no annotations (MapperFeature.USE_ANNOTATIONS is off).
    List<String> jackson = new ArrayList<>();
    for (Class<?> type : reachableClasses()) {
      List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
      elements.addAll(Arrays.asList(type.getDeclaredFields()));
      elements.addAll(Arrays.asList(type.getDeclaredMethods()));
      elements.addAll(Arrays.asList(type.getDeclaredConstructors()));
      elements.addAll(Arrays.asList(type.getRecordComponents()));
      for (var constructor : type.getDeclaredConstructors()) {
        for (var parameter : constructor.getParameters()) {
          elements.add(parameter);
        }
      }
      for (AnnotatedElement element : elements) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
          if (annotation.annotationType().getName().startsWith("com.fasterxml.jackson")) {
            jackson.add(element + ": " + annotation);
          }
        }
      }
    }
    assertThat(jackson).isEmpty();
  }

  /** CustomAuthConfig and every class reached from it through {@code @Valid}. */
  private static Set<Class<?>> reachableClasses() {
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(CustomAuthConfig.class));
    while (!todo.isEmpty()) {
      Class<?> type = todo.pop();
      if (!seen.add(type) || !type.isRecord()) {
        continue;
      }
      for (Field field : componentFields(type)) {
        if (field.isAnnotationPresent(Valid.class)) {
          todo.push(field.getType());
        }
        for (AnnotatedType argument : typeArguments(field.getAnnotatedType())) {
          if (argument.isAnnotationPresent(Valid.class)) {
            todo.push(rawType(argument.getType()));
          }
        }
      }
    }
    return seen;
  }

  /**
   * Constraint annotations on the class, its components' fields and their type arguments. (The
   * Jakarta annotations do not target record components: the compiler puts them on the field, the
   * accessor and the constructor's parameter, and Hibernate Validator reads the field.)
   */
  private static List<Annotation> constraintsOf(Class<?> type) {
    List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
    for (Field field : componentFields(type)) {
      elements.add(field);
      elements.addAll(typeArguments(field.getAnnotatedType()));
    }
    return elements.stream()
        .flatMap(element -> Arrays.stream(element.getAnnotations()))
        .filter(annotation -> annotation.annotationType().isAnnotationPresent(Constraint.class))
        .toList();
  }

  /** Built-ins used directly or by composition (a constraint annotated with others). */
  private static void collectBuiltins(
      Class<? extends Annotation> constraint, Set<String> used, Set<Class<?>> visited) {
    if (!visited.add(constraint)) {
      return;
    }
    if (constraint.getPackageName().equals(BUILTIN_PACKAGE)) {
      used.add(constraint.getName());
    }
    for (Annotation meta : constraint.getAnnotations()) {
      if (meta.annotationType().isAnnotationPresent(Constraint.class)) {
        collectBuiltins(meta.annotationType(), used, visited);
      }
    }
  }

  private static List<Field> componentFields(Class<?> type) {
    if (!type.isRecord()) {
      return List.of();
    }
    List<Field> fields = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      try {
        fields.add(type.getDeclaredField(component.getName()));
      } catch (NoSuchFieldException e) {
        throw new AssertionError(e);
      }
    }
    return fields;
  }

  private static List<AnnotatedType> typeArguments(AnnotatedType type) {
    return type instanceof AnnotatedParameterizedType parameterized
        ? List.of(parameterized.getAnnotatedActualTypeArguments())
        : List.of();
  }

  private static Class<?> rawType(Type type) {
    return type instanceof ParameterizedType parameterized
        ? (Class<?>) parameterized.getRawType()
        : (Class<?>) type;
  }
}
