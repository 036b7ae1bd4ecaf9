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
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An absolute {@code https} URL; plain {@code http} only to a loopback host ({@code localhost},
 * {@code 127.0.0.0/8}, {@code ::1}), where nothing leaves the machine. A value holding a {@code
 * ${…}} reference is checked when the request is built, once it is resolved ({@link #problem}).
 */
@Documented
@Constraint(validatedBy = AuthenticationUrl.Validator.class)
@Target({FIELD, METHOD, PARAMETER})
@Retention(RUNTIME)
public @interface AuthenticationUrl {
  String message() default "must be an absolute https URL";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks URLs for the constraint and for resolved references at request time. */
  final class Validator implements ConstraintValidator<AuthenticationUrl, String> {
    private static final Pattern LOOPBACK_V4 =
        Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.contains("${")) {
        return true;
      }
      Optional<String> problem = problem(value);
      if (problem.isEmpty()) {
        return true;
      }
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
      return false;
    }

    /**
     * What is wrong with {@code url}, if anything. The message never repeats the URL: it may hold
     * secrets in its query.
     */
    public static Optional<String> problem(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        return Optional.of("is not a valid URL");
      }
      if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
        return Optional.of(
            "must be an absolute URL with a host, such as https://auth.example/token");
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme.equals("https")) {
        return Optional.empty();
      }
      if (scheme.equals("http")) {
        return isLoopback(uri.getHost())
            ? Optional.empty()
            : Optional.of(
                "must use https; plain http is accepted only for loopback hosts"
                    + " (localhost, 127.0.0.0/8, ::1)");
      }
      return Optional.of("must use https");
    }

    private static boolean isLoopback(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      return h.equals("localhost")
          || h.equals("[::1]")
          || h.equals("[0:0:0:0:0:0:0:1]")
          || LOOPBACK_V4.matcher(h).matches();
    }
  }
}
