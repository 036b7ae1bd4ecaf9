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
 * A request has one body: {@code requestBody} (a form) or {@code jsonBody}, not both, since sending
 * one would silently drop the other's parameters.
 */
@Documented
@Constraint(validatedBy = OneBody.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface OneBody {
  String message() default
      "cannot be used together with requestBody: a request has one body; keep either the form"
          + " (requestBody) or the JSON (jsonBody)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reported on {@code jsonBody}, the newer and rarer of the two. */
  final class Validator implements ConstraintValidator<OneBody, CustomAuthConfig> {
    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      if (config == null || config.jsonBody() == null || config.requestBody().isEmpty()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
          .addPropertyNode("jsonBody")
          .addConstraintViolation();
      return false;
    }
  }
}
