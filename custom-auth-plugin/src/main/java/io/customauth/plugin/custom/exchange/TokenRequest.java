package io.customauth.plugin.custom.exchange;

import io.customauth.plugin.custom.config.AuthenticationUrl;
import io.customauth.plugin.custom.config.CustomAuthConfig;
import io.customauth.plugin.custom.config.KeyValue;
import io.customauth.spi.AuthException;
import io.customauth.spi.ConfigViolation;
import io.customauth.spi.SecretResolver;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Builds the token request from the config, resolving {@code ${…}} references afresh each time so
 * that a rotated secret is picked up without a restart. Nothing resolved is kept.
 */
final class TokenRequest {
  private static final ContentType FORM =
      ContentType.create("application/x-www-form-urlencoded", StandardCharsets.UTF_8);

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
    if (config.method().equals("POST")) {
      HttpPost post = new HttpPost(uri);
      post.setEntity(
          new StringEntity(resolved(config, secrets, "requestBody", false), FORM, false));
      return accepting(post);
    }
    return accepting(new HttpGet(uri));
  }

  private static HttpUriRequestBase accepting(HttpUriRequestBase request) {
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    return request;
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
