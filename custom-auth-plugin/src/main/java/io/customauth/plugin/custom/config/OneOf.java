package io.customauth.plugin.custom.config;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;

/**
 * The string is one of a fixed set of names, compared exactly. The message lists the allowed names
 * and suggests the nearest one ({@link DidYouMean}), never repeating the configured value.
 */
@Documented
@Constraint(validatedBy = OneOf.Validator.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface OneOf {
  String[] value();

  String message() default "unknown value";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** A {@code null} is left to {@code @NotNull}, so a missing field is reported once. */
  final class Validator implements ConstraintValidator<OneOf, String> {
    private List<String> allowed;

    @Override
    public void initialize(OneOf annotation) {
      allowed = List.of(annotation.value());
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || allowed.contains(value)) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(DidYouMean.unknown("value", value, allowed))
          .addConstraintViolation();
      return false;
    }
  }
}
