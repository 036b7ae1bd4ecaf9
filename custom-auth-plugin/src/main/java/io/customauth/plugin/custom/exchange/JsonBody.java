package io.customauth.plugin.custom.exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customauth.spi.SecretResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code jsonBody} of the token request as bytes, with every string value at any depth resolved
 * ({@code ${env:…}}, {@code ${file:…}}). Keys are sent as written: a reference is a value's place.
 * Members keep their order; numbers, booleans and nulls are sent as they are.
 */
final class JsonBody {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonBody() {}

  /** UTF-8 JSON of {@code body} with its references resolved. */
  static byte[] resolved(Map<String, Object> body, SecretResolver secrets) {
    try {
      return MAPPER.writeValueAsBytes(resolve("jsonBody", body, secrets));
    } catch (JsonProcessingException e) {
      // Only maps, lists, strings, numbers, booleans and nulls get here: all serializable.
      throw new IllegalStateException(
          "the jsonBody could not be written (" + e.getClass().getName() + ")");
    }
  }

  /**
   * @param path where {@code value} is, as in error messages: {@code jsonBody.auth.scope[0]}
   */
  private static Object resolve(String path, Object value, SecretResolver secrets) {
    if (value instanceof String text) {
      return secrets.resolve(path, text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), resolve(path + "." + k, v, secrets)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(resolve(path + "[" + i + "]", list.get(i), secrets));
      }
      return out;
    }
    return value;
  }
}
