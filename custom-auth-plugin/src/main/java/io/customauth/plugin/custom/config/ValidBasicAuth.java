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
import java.util.Optional;

/**
 * What RFC 7617 lets a {@link BasicAuth} carry: no colon in the username (the first colon ends it,
 * so the provider would read a different username and password), no control characters in either. A
 * value holding a {@code ${…}} reference is checked once resolved ({@link #problem}).
 */
@Documented
@Constraint(validatedBy = ValidBasicAuth.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ValidBasicAuth {
  String message() default "is not valid for Basic authentication";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reports on {@code username} or {@code password}, never quoting either. */
  final class Validator implements ConstraintValidator<ValidBasicAuth, BasicAuth> {
    @Override
    public boolean isValid(BasicAuth basic, ConstraintValidatorContext context) {
      if (basic == null) {
        return true;
      }
      boolean valid = true;
      context.disableDefaultConstraintViolation();
      for (String part : new String[] {"username", "password"}) {
        String value = part.equals("username") ? basic.username() : basic.password();
        if (value == null || value.contains("${")) {
          continue;
        }
        Optional<String> problem = problem(part, value);
        if (problem.isPresent()) {
          context
              .buildConstraintViolationWithTemplate(problem.get())
              .addPropertyNode(part)
              .addConstraintViolation();
          valid = false;
        }
      }
      return valid;
    }

    /**
     * What is wrong with a resolved {@code username} or {@code password}, if anything.
     *
     * @param part {@code username} or {@code password}
     */
    public static Optional<String> problem(String part, String value) {
      if (part.equals("username") && value.indexOf(':') >= 0) {
        return Optional.of(
            "must not contain a colon: Basic authentication (RFC 7617) ends the username at the"
                + " first colon; a colon is fine in the password");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7F) {
          return Optional.of(
              "must not contain control characters, which Basic authentication (RFC 7617)"
                  + " cannot carry");
        }
      }
      return Optional.empty();
    }
  }
}
