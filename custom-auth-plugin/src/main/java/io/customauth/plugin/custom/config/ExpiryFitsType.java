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
 * {@code expiryKeyName} goes with the expiry types that read a value of the answer, and only with
 * them: with {@code jwt} the expiry is the token's own {@code exp} claim and with {@code none}
 * there is none, so a key there would be silently ignored, which hides a mistaken type.
 */
@Documented
@Constraint(validatedBy = ExpiryFitsType.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ExpiryFitsType {
  String message() default "is required unless expiryType is jwt or none";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reported on {@code expiryKeyName}. */
  final class Validator implements ConstraintValidator<ExpiryFitsType, CustomAuthConfig> {
    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      if (config == null) {
        return true;
      }
      // An unknown or missing type is reported on its own field; most types need the key.
      Optional<ExpiryType> type = ExpiryType.fromConfigName(config.expiryType());
      String key = config.expiryKeyName();
      boolean given = key != null && !key.isBlank();
      String message;
      if (type.isEmpty() || type.get().readsExpiryKey()) {
        if (given) {
          return true;
        }
        message =
            key == null
                ? "is required unless expiryType is jwt or none"
                : "must not be blank: it names where the expiry is in the answer";
      } else {
        if (key == null) {
          return true;
        }
        message =
            type.get() == ExpiryType.JWT
                ? "is not used with expiryType jwt, which reads the token's own exp claim;"
                    + " remove expiryKeyName"
                : "is not used with expiryType none, which means the provider states no expiry;"
                    + " remove expiryKeyName, or choose the expiryType of the value it names";
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(message)
          .addPropertyNode("expiryKeyName")
          .addConstraintViolation();
      return false;
    }
  }
}
