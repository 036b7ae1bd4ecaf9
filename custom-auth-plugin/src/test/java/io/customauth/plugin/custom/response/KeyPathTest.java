package io.customauth.plugin.custom.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Optional<String> find(String path, String json) throws Exception {
    return new KeyPath(path).find((ObjectNode) JSON.readTree(json)).map(JsonNode::asText);
  }

  @Test
  void findsATopLevelKey() throws Exception {
    assertThat(find("access_token", "{\"access_token\":\"t\"}")).contains("t");
  }

  @Test
  void followsADottedPathIntoNestedObjects() throws Exception {
    assertThat(find("auth.client_token", "{\"auth\":{\"client_token\":\"t\"}}")).contains("t");
  }

  @Test
  void followsAJsonPointer() throws Exception {
    assertThat(find("/data/0/token", "{\"data\":[{\"token\":\"t\"}]}")).contains("t");
  }

  @Test
  void unescapesJsonPointerSegments() throws Exception {
    assertThat(find("/a~1b/c~0d", "{\"a/b\":{\"c~d\":\"t\"}}")).contains("t");
  }

  @Test
  void topLevelKeyWithADotWinsOverTheNestedPath() throws Exception {
    assertThat(find("auth.token", "{\"auth.token\":\"top\",\"auth\":{\"token\":\"nested\"}}"))
        .contains("top");
  }

  @Test
  void topLevelKeyStartingWithASlashWinsOverThePointer() throws Exception {
    assertThat(find("/token", "{\"/token\":\"top\",\"\":{\"token\":\"pointer\"}}")).contains("top");
  }

  @Test
  void findsNothingWhereTheKeyIsMissing() throws Exception {
    assertThat(find("auth.token", "{\"auth\":{\"other\":\"x\"}}")).isEmpty();
  }

  @Test
  void findsNothingThroughANonObject() throws Exception {
    assertThat(find("auth.token", "{\"auth\":\"flat\"}")).isEmpty();
  }

  @Test
  void treatsJsonNullAsMissing() throws Exception {
    assertThat(find("access_token", "{\"access_token\":null}")).isEmpty();
  }

  @Test
  void findsNothingForAMalformedPointer() throws Exception {
    assertThat(find("/a~2", "{\"a\":\"x\"}")).isEmpty();
  }
}
