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
  void findsJsonNullAsAValueThatIsThere() throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree("{\"a\":null,\"b\":{\"c\":null}}");

    assertThat(new KeyPath("a").find(root))
        .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
    assertThat(new KeyPath("b.c").find(root))
        .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
    assertThat(new KeyPath("/b/c").find(root))
        .hasValueSatisfying(v -> assertThat(v.isNull()).isTrue());
  }

  private static String parent(String path, String json) throws Exception {
    KeyPath.Parent parent = new KeyPath(path).deepestParent((ObjectNode) JSON.readTree(json));
    return parent.path() + " " + parent.object();
  }

  @Test
  void theParentOfAMissingNestedKeyIsTheDeepestObjectThatExists() throws Exception {
    String json = "{\"auth\":{\"lease\":{\"id\":1}}}";

    assertThat(parent("auth.lease.token", json)).isEqualTo("auth.lease {\"id\":1}");
    assertThat(parent("auth.other.token", json)).startsWith("auth {");
    assertThat(parent("none.token", json)).startsWith(" {\"auth\"");
    assertThat(parent("token", json)).startsWith(" {\"auth\"");
  }

  @Test
  void theParentOfAMissingPointerIsTheDeepestObjectThatExists() throws Exception {
    String json = "{\"auth\":{\"lease\":{\"id\":1}}}";

    assertThat(parent("/auth/lease/token", json)).isEqualTo("/auth/lease {\"id\":1}");
    assertThat(parent("/auth/x/y", json)).startsWith("/auth {");
    assertThat(parent("/x", json)).startsWith(" {\"auth\"");
  }

  @Test
  void aParentThatIsNotAnObjectIsPassedOver() throws Exception {
    assertThat(parent("auth.flat.token", "{\"auth\":{\"flat\":\"x\"}}")).startsWith("auth {");
  }

  @Test
  void findsNothingForAMalformedPointer() throws Exception {
    assertThat(find("/a~2", "{\"a\":\"x\"}")).isEmpty();
  }
}
