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

/**
 * Only a POST carries a body ({@code requestBody} or {@code jsonBody}): a GET body would be
 * silently dropped by servers.
 */
@Documented
@Constraint(validatedBy = BodyOnlyWithPost.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface BodyOnlyWithPost {
  String message() default "is only allowed when method is POST";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reported on each body field present, the field to remove or the method to change. */
  final class Validator implements ConstraintValidator<BodyOnlyWithPost, CustomAuthConfig> {
    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      // An unknown or missing method is already reported on its own field.
      if (config == null || !"GET".equals(config.method())) {
        return true;
      }
      boolean valid = true;
      context.disableDefaultConstraintViolation();
      if (!config.requestBody().isEmpty()) {
        valid = report(context, "requestBody");
      }
      if (config.jsonBody() != null) {
        valid = report(context, "jsonBody");
      }
      return valid;
    }

    private static boolean report(ConstraintValidatorContext context, String field) {
      context
          .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode(field)
          .addConstraintViolation();
      return false;
    }
  }
}
