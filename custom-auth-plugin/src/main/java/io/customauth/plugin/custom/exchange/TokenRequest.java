package io.customauth.plugin.custom.exchange;

import io.customauth.plugin.custom.config.AuthenticationUrl;
import io.customauth.plugin.custom.config.BasicAuth;
import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.config.KeyValue;
import io.customauth.plugin.custom.config.ValidBasicAuth;
import io.customauth.plugin.custom.config.ValidRequestHeaders;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.SecretResolver;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Builds the token request from the config, resolving {@code ${…}} references afresh each time so
 * that a rotated secret is picked up without a restart. Nothing resolved is kept.
 *
 * <p>Headers go in this order: {@code Accept: application/json} (replaced when {@code headers}
 * names {@code Accept}), {@code Authorization} from {@code basicAuth}, then the {@code headers}
 * rows as written, a repeated name sent as repeated headers. Resolved values that a header cannot
 * carry are {@code CONFIG_INVALID}, all of them at once, naming the field and never the value.
 */
final class TokenRequest {
  private static final ContentType FORM =
      ContentType.create("application/x-www-form-urlencoded", StandardCharsets.UTF_8);

  /** RFC 8259 defines no charset parameter: JSON is UTF-8, and strict servers refuse one. */
  private static final ContentType JSON = ContentType.create("application/json");

  private TokenRequest() {}

  static HttpUriRequestBase build(CustomAuthConfig config, SecretResolver secrets) {
    String url = secrets.resolve("authenticationUrl", config.authenticationUrl());
    AuthenticationUrl.Validator.problem(url)
        .ifPresent(
            problem -> {
              throw AuthException.invalidConfig(
                  List.of(new ConfigViolation("authenticationUrl", problem)));
            });
    URI uri = URI.create(withQuery(url, resolved(config, secrets, "queryParameters", true)));
    HttpUriRequestBase request;
    if (config.method().equals("POST")) {
      HttpPost post = new HttpPost(uri);
      post.setEntity(
          config
              .json()
              .<HttpEntity>map(json -> new ByteArrayEntity(JsonBody.resolved(json, secrets), JSON))
              .orElseGet(
                  () ->
                      new StringEntity(
                          resolved(config, secrets, "requestBody", false), FORM, false)));
      request = post;
    } else {
      request = new HttpGet(uri);
    }
    List<ConfigViolation> violations = new ArrayList<>();
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    config.basic().ifPresent(basic -> basic(request, basic, secrets, violations));
    headers(request, config, secrets, violations);
    if (!violations.isEmpty()) {
      throw AuthException.invalidConfig(violations);
    }
    return request;
  }

  /** RFC 7617: {@code Basic base64(utf8(username ":" password))}. */
  private static void basic(
      HttpUriRequestBase request,
      BasicAuth basic,
      SecretResolver secrets,
      List<ConfigViolation> violations) {
    String username = secrets.resolve("basicAuth.username", basic.username());
    String password = secrets.resolve("basicAuth.password", basic.password());
    int before = violations.size();
    ValidBasicAuth.Validator.problem("username", username)
        .ifPresent(problem -> violations.add(new ConfigViolation("basicAuth.username", problem)));
    ValidBasicAuth.Validator.problem("password", password)
        .ifPresent(problem -> violations.add(new ConfigViolation("basicAuth.password", problem)));
    if (violations.size() == before) {
      byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
      request.setHeader(
          HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(pair));
    }
  }

  private static void headers(
      HttpUriRequestBase request,
      CustomAuthConfig config,
      SecretResolver secrets,
      List<ConfigViolation> violations) {
    List<KeyValue> rows = config.headers();
    boolean acceptReplaced = false;
    for (int i = 0; i < rows.size(); i++) {
      KeyValue row = rows.get(i);
      if (!row.isSent()) {
        continue;
      }
      String key = secrets.resolve("headers[" + i + "].key", row.key());
      String value = secrets.resolve("headers[" + i + "].value", row.value());
      int before = violations.size();
      String keyPath = rowPath(i, "key");
      String valuePath = rowPath(i, "value");
      ValidRequestHeaders.Validator.keyProblem(key, config.basicAuth() != null)
          .ifPresent(problem -> violations.add(new ConfigViolation(keyPath, problem)));
      ValidRequestHeaders.Validator.valueProblem(value)
          .ifPresent(problem -> violations.add(new ConfigViolation(valuePath, problem)));
      if (violations.size() > before) {
        continue;
      }
      if (key.equalsIgnoreCase(HttpHeaders.ACCEPT) && !acceptReplaced) {
        request.removeHeaders(HttpHeaders.ACCEPT);
        acceptReplaced = true;
      }
      request.addHeader(key, value);
    }
  }

  private static String rowPath(int index, String part) {
    return "headers[" + index + "]." + part;
  }

  /** Appends to the query the URL already has; a fragment is never sent, so it is dropped. */
  private static String withQuery(String url, String query) {
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    if (query.isEmpty()) {
      return base;
    }
    if (base.indexOf('?') < 0) {
      return base + "?" + query;
    }
    return base.endsWith("?") || base.endsWith("&") ? base + query : base + "&" + query;
  }

  /** The sent rows of {@code field} resolved and percent-encoded as {@code k=v&k=v}, in order. */
  private static String resolved(
      CustomAuthConfig config, SecretResolver secrets, String field, boolean query) {
    List<KeyValue> rows = query ? config.queryParameters() : config.requestBody();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      KeyValue row = rows.get(i);
      if (!row.isSent()) {
        continue;
      }
      String key = secrets.resolve(field + "[" + i + "].key", row.key());
      String value = secrets.resolve(field + "[" + i + "].value", row.value());
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(encode(key, query)).append('=').append(encode(value, query));
    }
    return out.toString();
  }

  /**
   * Form encoding (UTF-8). In a URL query a space is {@code %20} rather than {@code +}, which only
   * form decoders read as a space; a literal {@code +} is {@code %2B} either way.
   */
  private static String encode(String text, boolean query) {
    String form = URLEncoder.encode(text, StandardCharsets.UTF_8);
    return query ? form.replace("+", "%20") : form;
  }
}
