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
import java.util.regex.Pattern;

/**
 * With {@code tokenFrom} {@code header} or {@code cookie}, {@code tokenKeyName} is a header or
 * cookie name, which is an HTTP token (RFC 9110, RFC 6265): a JSON Pointer such as {@code /token}
 * or a name with spaces can never match, so it is refused up front.
 */
@Documented
@Constraint(validatedBy = TokenKeyFitsSource.Validator.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface TokenKeyFitsSource {
  String message() default "must be a header or cookie name";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reported on {@code tokenKeyName}. */
  final class Validator implements ConstraintValidator<TokenKeyFitsSource, CustomAuthConfig> {
    private static final Pattern NAME = Pattern.compile(Injection.HTTP_TOKEN);

    @Override
    public boolean isValid(CustomAuthConfig config, ConstraintValidatorContext context) {
      if (config == null || config.tokenKeyName() == null || config.tokenKeyName().isBlank()) {
        return true;
      }
      TokenFrom from = TokenFrom.fromConfigName(config.tokenFrom()).orElse(TokenFrom.BODY);
      if (from == TokenFrom.BODY || NAME.matcher(config.tokenKeyName()).matches()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context
          .buildConstraintViolationWithTemplate(
              from == TokenFrom.HEADER
                  ? "must be a header name when tokenFrom is header, such as X-Subject-Token"
                  : "must be a cookie name when tokenFrom is cookie, such as session_id")
          .addPropertyNode("tokenKeyName")
          .addConstraintViolation();
      return false;
    }
  }
}
