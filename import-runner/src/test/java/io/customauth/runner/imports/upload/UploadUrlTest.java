package io.customauth.runner.imports.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadUrlTest {
  private static final String TEMPLATE = "https://h.example/p/{project}/r";

  static Stream<Arguments> acceptedIds() {
    return Stream.of(
        Arguments.of("a/b", "a%2Fb"),
        Arguments.of("a b", "a%20b"),
        Arguments.of("%2e%2e", "%252e%252e"),
        Arguments.of("\u00e9", "%C3%A9"),
        Arguments.of("?", "%3F"),
        Arguments.of("#", "%23"),
        Arguments.of("...", "..."),
        Arguments.of(".a", ".a"));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("acceptedIds")
  void acceptedProjectIdsArePercentEncodedAsOneSegment(String id, String segment) {
    assertThat(UploadUrl.expand(TEMPLATE, id).toString())
        .isEqualTo("https://h.example/p/" + segment + "/r");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {".", ".."})
  void dotSegmentsAreRefusedNamingTheRule(String id) {
    assertThatThrownBy(() -> UploadUrl.expand(TEMPLATE, id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the project id must not be '.' or '..': as a path segment it names another resource");
  }

  static Stream<Arguments> controlCharacters() {
    return Stream.of(
        Arguments.of("\r\n", "000D"),
        Arguments.of("\u0000", "0000"),
        Arguments.of("a\tb", "0009"),
        Arguments.of("\u007f", "007F"),
        Arguments.of("\u0085", "0085"));
  }

  @ParameterizedTest(name = "[{index}] U+{1}")
  @MethodSource("controlCharacters")
  void controlCharactersAreRefusedNamingTheRuleWithoutQuotingThem(String id, String code) {
    assertThatThrownBy(() -> UploadUrl.expand(TEMPLATE, id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the project id must not contain control characters (U+" + code)
        .message()
        .doesNotContain(id);
  }

  @Test
  void anEmptyProjectIdIsRefused() {
    assertThatThrownBy(() -> UploadUrl.expand(TEMPLATE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the project id must not be empty");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "https://{project}.example.com/records",
        "https://api.example.com:{project}/records",
        "https://user{project}@api.example.com/records",
        "https://api.example.com/records?project={project}",
        "https://api.example.com/records#{project}",
        "{project}://api.example.com/records",
        "https://api.example.com/p/{project}/r?again={project}",
      })
  void theProjectPlaceholderOutsideThePathIsRefused(String template) {
    assertThat(UploadUrl.templateProblem(template))
        .contains(
            "{project} may only stand in the URL's path, not in its host, port, query or"
                + " fragment");
    assertThatThrownBy(() -> UploadUrl.expand(template, "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("may only stand in the URL's path");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "https://api.example.com/{project}",
        "https://api.example.com/p/{project}/r?fixed=1",
        "https://api.example.com/p/x{project}y/{project}",
        "http://127.0.0.1:8080/p/{project}/r#top",
        "https://api.example.com/records",
      })
  void theProjectPlaceholderInThePathOrNowhereIsAccepted(String template) {
    assertThat(UploadUrl.templateProblem(template)).isEmpty();
  }

  @Test
  void queryParametersEncodeASpaceAsPercent20LikeThePlugin() {
    URI uri =
        UploadUrl.withQueryParameters(
            URI.create("https://h.example/p/r?fixed=1#frag"),
            List.of(Map.entry("access token", "a b+c&d=é~*")));

    assertThat(uri.toString())
        .isEqualTo("https://h.example/p/r?fixed=1&access%20token=a%20b%2Bc%26d%3D%C3%A9%7E*");
  }

  @Test
  void queryParametersStartAQueryWhenTheUrlHasNone() {
    URI uri =
        UploadUrl.withQueryParameters(
            URI.create("https://h.example/p/r"), List.of(Map.entry("k", "v"), Map.entry("k", "w")));

    assertThat(uri.toString()).isEqualTo("https://h.example/p/r?k=v&k=w");
  }
}
