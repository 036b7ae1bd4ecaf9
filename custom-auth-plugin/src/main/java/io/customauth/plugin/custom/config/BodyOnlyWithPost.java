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

/** Only a POST carries a {@code requestBody}: a GET body would be silently dropped by servers. */
@Documented
@Constraint(validatedBy = BodyOnlyWithPost.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface BodyOnlyWithPost {
  String message() default "is only allowed when method is POST";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reported on {@code requestBody}, the field to remove or the method to change. */
  final class Validator implements ConstraintValidator<BodyOnlyWithPost, CustomAuthConfig> {
    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      if (config == null || config.requestBody().isEmpty() || "POST".equals(config.method())) {
        return true;
      }
      if (config.method() == null || !"GET".equals(config.method())) {
        // An unknown or missing method is already reported on its own field.
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode("requestBody")
          .addConstraintViolation();
      return false;
    }
  }
}
