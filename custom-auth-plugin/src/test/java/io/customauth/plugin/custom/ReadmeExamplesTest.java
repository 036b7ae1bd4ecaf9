package io.customauth.plugin.custom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.customauth.plugin.custom.config.ConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every connector example of README.md with a {@code custom} auth block is valid, so the examples
 * users copy work. References are replaced by dummy values first, as {@code validate --resolve}
 * would resolve them.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Pattern FENCE =
      Pattern.compile("^```(json|yaml)\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):[^}]*}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private record Example(String heading, String language, String text) {}

  private static List<Example> customExamples() throws IOException {
    String readme = Files.readString(README);
    List<Example> examples = new ArrayList<>();
    Matcher m = FENCE.matcher(readme);
    while (m.find()) {
      String text = m.group(2);
      if (text.contains("\"type\": \"custom\"") || text.contains("type: custom")) {
        String before = readme.substring(0, m.start());
        String heading = before.substring(before.lastIndexOf("\n### ") + 1);
        examples.add(new Example(heading.lines().findFirst().orElse(""), m.group(1), text));
      }
    }
    return examples;
  }

  @Test
  void everyCustomAuthExampleValidates() throws IOException {
    List<Example> examples = customExamples();

    assertThat(examples).hasSizeGreaterThanOrEqualTo(9);
    for (Example example : examples) {
      JsonNode connector =
          (example.language().equals("json") ? JSON : YAML).readTree(example.text());
      Map<String, Object> auth =
          JSON.convertValue(
              connector.get("auth"), new TypeReference<LinkedHashMap<String, Object>>() {});

      assertThat(ConfigReader.violations(withDummyReferences(auth)))
          .as(example.heading())
          .isEmpty();
    }
  }

  @Test
  void eachNewShapeHasItsOwnExample() throws IOException {
    assertThat(customExamples())
        .extracting(Example::heading)
        .contains(
            "### Token in a response header (OpenStack Keystone)",
            "### Session cookie",
            "### JSON body with Basic auth",
            "### Expiry as an epoch timestamp (Strava-like)",
            "### Expiry from a JWT",
            "### No expiry");
  }

  @SuppressWarnings("unchecked")
  private static <T> T withDummyReferences(T value) {
    if (value instanceof String text) {
      return (T) REFERENCE.matcher(text).replaceAll("dummy");
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), withDummyReferences(v)));
      return (T) out;
    }
    if (value instanceof List<?> list) {
      return (T) list.stream().map(ReadmeExamplesTest::withDummyReferences).toList();
    }
    return value;
  }
}
