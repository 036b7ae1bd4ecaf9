package io.customauth.plugin.custom.config;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The token request's {@code headers} rows can be sent as written: each key is a header name, none
 * is one the URL, the body or {@code basicAuth} decides ({@link
 * HeaderRules#refusedOnTokenRequest}), and each value holds only what a header value may. A key or
 * value holding a {@code ${…}} reference is checked once resolved ({@link #keyProblem}, {@link
 * #valueProblem}).
 */
@Documented
@Constraint(validatedBy = ValidRequestHeaders.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ValidRequestHeaders {
  String message() default "is not a header that can be sent";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reports on {@code headers[i].key} or {@code headers[i].value}, never quoting either. */
  final class Validator implements ConstraintValidator<ValidRequestHeaders, CustomAuthConfig> {
    private static final Pattern NAME = Pattern.compile(Injection.HTTP_TOKEN);

    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      if (config == null) {
        return true;
      }
      boolean valid = true;
      context.disableDefaultConstraintViolation();
      List<KeyValue> rows = config.headers();
      for (int i = 0; i < rows.size(); i++) {
        KeyValue row = rows.get(i);
        if (row == null || !row.isSent()) {
          continue;
        }
        Optional<String> key =
            row.key().contains("${")
                ? Optional.empty()
                : keyProblem(row.key(), config.basicAuth() != null);
        Optional<String> value =
            row.value().contains("${") ? Optional.empty() : valueProblem(row.value());
        if (key.isPresent()) {
          valid = report(context, i, "key", key.get());
        }
        if (value.isPresent()) {
          valid = report(context, i, "value", value.get());
        }
      }
      return valid;
    }

    private static boolean report(
        ConstraintValidatorContext context, int index, String part, String message) {
      context
          .buildConstraintViolationWithTemplate(message)
          .addPropertyNode("headers")
          .addPropertyNode(part)
          .inIterable()
          .atIndex(index)
          .addConstraintViolation();
      return false;
    }

    /** Why a resolved header name cannot be sent; empty when it can. */
    public static Optional<String> keyProblem(String name, boolean basicAuth) {
      if (!NAME.matcher(name).matches()) {
        return Optional.of("must be a valid HTTP header name");
      }
      return HeaderRules.refusedOnTokenRequest(name, basicAuth);
    }

    /** Why a resolved header value cannot be sent; empty when it can. */
    public static Optional<String> valueProblem(String value) {
      String unusable = HeaderRules.firstUnusable(value, true);
      return unusable == null
          ? Optional.empty()
          : Optional.of(
              "contains "
                  + unusable
                  + "; a header value may hold visible ASCII characters and spaces only");
    }
  }
}
