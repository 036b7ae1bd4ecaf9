package io.customauth.spi.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's compatibility check against SPI 0.1.0 (japicmp, configured in this module's pom and
 * run at {@code verify}) fails on edits that would break a plugin compiled against 0.1.0 and lets
 * additions through. Each test edits a copy of this SPI, compiles it and runs the check on it.
 */
class SpiCompatibilityTest {
  private static final CompatibilityCheck BUILD = CompatibilityCheck.ofBuild();

  @TempDir Path dir;

  @Test
  void theBuildBreaksOnBinaryAndSourceIncompatibleChanges() {
    // Guards the premise of every test below: a rule reported here is one that fails the build.
    assertThat(BUILD.breaksOnBinaryIncompatible()).isTrue();
    assertThat(BUILD.breaksOnSourceIncompatible()).isTrue();
  }

  @Test
  void theSpiAsItIsIsCompatible() throws IOException {
    assertThat(breakingChanges(spi())).isEmpty();
  }

  @Test
  void thisBuildsRecordsKeepTheirComponentsInOrder() throws IOException {
    assertThat(RecordComponentCheck.reorderedComponents(baseline(), Path.of("target", "classes")))
        .isEmpty();
  }

  @Test
  void removingAMethodBreaksPlugins() throws IOException {
    // type(), since SPI 1.1's rejected(Credential, Rejection) calls rejected(Credential).
    EditedSpi spi = spi().replace("AuthStrategy.java", "  String type();\n", "");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.AuthStrategy.type: METHOD_REMOVED");
  }

  @Test
  void addingAnAbstractMethodToAnInterfaceBreaksPlugins() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "AuthStrategy.java",
                "  void rejected(Credential credential);\n",
                "  void rejected(Credential credential);\n\n  boolean healthy();\n");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.AuthStrategy.healthy: METHOD_ADDED_TO_INTERFACE");
  }

  @Test
  void makingADefaultMethodAbstractBreaksPlugins() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "AuthContext.java",
                "  default void credentialRefreshed(Credential credential) {}",
                "  void credentialRefreshed(Credential credential);");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.AuthContext.credentialRefreshed: METHOD_NOW_ABSTRACT");
  }

  @Test
  void removingAnErrorCodeBreaksPlugins() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "ErrorCode.java",
                "  TLS_FAILURE(\"trust the provider's CA with trustedCertificates\"),\n",
                "");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.ErrorCode.TLS_FAILURE: FIELD_REMOVED");
  }

  @Test
  void renamingAnErrorCodeBreaksPlugins() throws IOException {
    EditedSpi spi = spi().replace("ErrorCode.java", "  TLS_FAILURE(", "  TLS_FAILED(");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.ErrorCode.TLS_FAILURE: FIELD_REMOVED");
  }

  @Test
  void changingTheTypeOfARecordComponentBreaksPlugins() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "ConfigViolation.java",
                "record ConfigViolation(String path, String message)",
                "record ConfigViolation(CharSequence path, String message)");

    assertThat(breakingChanges(spi))
        .containsExactlyInAnyOrder(
            "io.customauth.spi.ConfigViolation.path: METHOD_RETURN_TYPE_CHANGED",
            "io.customauth.spi.ConfigViolation.<init>: CONSTRUCTOR_REMOVED");
  }

  @Test
  void addingARecordComponentWithoutKeepingTheOldConstructorBreaksPlugins() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "ConfigViolation.java",
                "record ConfigViolation(String path, String message)",
                "record ConfigViolation(String path, String message, boolean warning)")
            .replace(
                "AuthContext.java",
                "new ConfigViolation(field, \"is not a valid file path\")",
                "new ConfigViolation(field, \"is not a valid file path\", false)");

    assertThat(breakingChanges(spi))
        .containsExactly("io.customauth.spi.ConfigViolation.<init>: CONSTRUCTOR_REMOVED");
  }

  @Test
  void swappingRecordComponentsOfOneTypeBreaksPlugins() throws IOException {
    // Same constructor signature, so japicmp sees no change; RecordComponentCheck does.
    Path jar =
        spi()
            .replace(
                "Credential.java",
                "record Credential(String token, Instant expiresAt, Instant refreshAt)",
                "record Credential(String token, Instant refreshAt, Instant expiresAt)")
            .jar();

    assertThat(RecordComponentCheck.reorderedComponents(baseline(), jar))
        .containsExactly(
            "io.customauth.spi.Credential: components [token, expiresAt, refreshAt] are now"
                + " [token, refreshAt, expiresAt]");
  }

  @Test
  void addingADefaultMethodIsCompatible() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "AuthContext.java",
                "  default void credentialRefreshed(Credential credential) {}",
                "  default void credentialRefreshed(Credential credential) {}\n\n"
                    + "  default String hostVersion() {\n    return \"0.2.0\";\n  }");

    assertThat(breakingChanges(spi)).isEmpty();
  }

  @Test
  void addingAStaticMethodToAnInterfaceIsCompatible() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "OutgoingRequest.java",
                "  void addQueryParameter(String name, String value);",
                "  void addQueryParameter(String name, String value);\n\n"
                    + "  static boolean isToken(String name) {\n    return name.isEmpty();\n  }");

    assertThat(breakingChanges(spi)).isEmpty();
  }

  @Test
  void appendingAnErrorCodeIsCompatible() throws IOException {
    // A plugin compiled against 0.1.0 keeps linking: it only ever names the codes it knew. The
    // codes are documented to grow, so a plugin's switch over them needs a default branch.
    // The last constant is the one line of the enum that ends in ");", whichever code it is today.
    String last =
        Files.readAllLines(Path.of("src/main/java/io/customauth/spi/ErrorCode.java")).stream()
            .filter(line -> line.matches("  [A-Z_]+\\(.*\\);"))
            .findFirst()
            .orElseThrow();
    EditedSpi spi =
        spi()
            .replace(
                "ErrorCode.java",
                last,
                last.substring(0, last.length() - 1)
                    + ",\n  APPENDED_FOR_THIS_TEST(\"check what the provider expects\");");

    assertThat(breakingChanges(spi)).isEmpty();
  }

  @Test
  void addingATypeIsCompatible() throws IOException {
    EditedSpi spi =
        spi()
            .add(
                "PluginInfo.java",
                "package io.customauth.spi;\n\n"
                    + "public record PluginInfo(String type, String version) {}\n");

    assertThat(breakingChanges(spi)).isEmpty();
  }

  @Test
  void addingAMethodAndAConstructorToARecordIsCompatible() throws IOException {
    EditedSpi spi =
        spi()
            .replace(
                "Credential.java",
                "  @Override\n  public String toString() {",
                "  public Credential(String token, Instant expiresAt) {\n"
                    + "    this(token, expiresAt, expiresAt);\n  }\n\n"
                    + "  public boolean expiresBy(Instant time) {\n"
                    + "    return !expiresAt.isAfter(time);\n  }\n\n"
                    + "  @Override\n  public String toString() {");

    assertThat(breakingChanges(spi)).isEmpty();
  }

  @Test
  void anOverrideInThePomIsWhatTheTestsApply() throws IOException {
    CompatibilityCheck lenient =
        CompatibilityCheck.fromPom(
            pom(
                """
                <breakBuildOnSourceIncompatibleModifications>true</breakBuildOnSourceIncompatibleModifications>
                <overrideCompatibilityChangeParameters>
                  <overrideCompatibilityChangeParameter>
                    <compatibilityChange>METHOD_ADDED_TO_INTERFACE</compatibilityChange>
                    <binaryCompatible>true</binaryCompatible>
                    <sourceCompatible>true</sourceCompatible>
                  </overrideCompatibilityChangeParameter>
                </overrideCompatibilityChangeParameters>
                """));
    Path jar =
        spi()
            .replace(
                "AuthStrategy.java",
                "  void rejected(Credential credential);\n",
                "  void rejected(Credential credential);\n\n  boolean healthy();\n")
            .jar();

    assertThat(lenient.breakingChanges(baseline(), jar)).isEmpty();
    assertThat(BUILD.breakingChanges(baseline(), jar)).isNotEmpty();
  }

  @Test
  void aRuleInThePomThatTheTestsCannotApplyIsRefused() throws IOException {
    Path pom = pom("<excludes><exclude>io.customauth.spi.internal</exclude></excludes>");

    assertThatThrownBy(() -> CompatibilityCheck.fromPom(pom))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("<excludes>");
  }

  private Path pom(String parameter) throws IOException {
    Path pom = dir.resolve("pom.xml");
    Files.writeString(
        pom,
        "<project><build><plugins><plugin>"
            + "<artifactId>japicmp-maven-plugin</artifactId>"
            + "<configuration><parameter>"
            + parameter
            + "</parameter></configuration>"
            + "</plugin></plugins></build></project>");
    return pom;
  }

  private EditedSpi spi() throws IOException {
    return EditedSpi.copyTo(dir);
  }

  private static List<String> breakingChanges(EditedSpi spi) throws IOException {
    return BUILD.breakingChanges(baseline(), spi.jar());
  }

  private static Path baseline() {
    return CompatibilityCheck.BASELINE;
  }
}
