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
 * An {@link Injection} names exactly one place; a prefix only goes with a header and holds only
 * characters a header value may have; the header is none the runner sets itself ({@link
 * HeaderRules#reserved}).
 */
@Documented
@Constraint(validatedBy = ValidInjection.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ValidInjection {
  String message() default "must name either a header or a queryParameter";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reports on the offending field so the path tells the user where to look. */
  final class Validator implements ConstraintValidator<ValidInjection, Injection> {
    @Override
    public boolean isValid(Injection injection, ConstraintValidatorContext context) {
      if (injection == null) {
        return true;
      }
      boolean header = injection.header() != null;
      boolean query = injection.queryParameter() != null;
      if (header == query) {
        return violation(
            context,
            "",
            header
                ? "must name either a header or a queryParameter, not both"
                : "must name either a header or a queryParameter");
      }
      if (query && injection.prefix() != null) {
        return violation(context, "prefix", "is only allowed with header");
      }
      boolean valid = true;
      context.disableDefaultConstraintViolation();
      if (header) {
        var reserved = HeaderRules.reserved(injection.header());
        if (reserved.isPresent()) {
          valid =
              addViolation(
                  context,
                  "header",
                  "names "
                      + reserved.get()
                      + ", a header the runner sets itself on every upload; choose another header,"
                      + " such as Authorization");
        }
      }
      if (injection.prefix() != null) {
        String unusable = HeaderRules.firstUnusable(injection.prefix(), true);
        if (unusable != null) {
          valid =
              addViolation(
                  context,
                  "prefix",
                  "contains "
                      + unusable
                      + "; a header value may hold visible ASCII characters and spaces only");
        }
      }
      return valid;
    }

    private static boolean addViolation(
        ConstraintValidatorContext context, String property, String message) {
      context
          .buildConstraintViolationWithTemplate(message)
          .addPropertyNode(property)
          .addConstraintViolation();
      return false;
    }

    private static boolean violation(
        ConstraintValidatorContext context, String property, String message) {
      context.disableDefaultConstraintViolation();
      var builder = context.buildConstraintViolationWithTemplate(message);
      if (property.isEmpty()) {
        builder.addConstraintViolation();
      } else {
        builder.addPropertyNode(property).addConstraintViolation();
      }
      return false;
    }
  }
}
