package io.customauth.spi.compat;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.cmp.JarArchiveComparatorOptions.OverrideCompatibilityChange;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import japicmp.model.JApiCompatibility;
import japicmp.model.JApiCompatibilityChange;
import japicmp.model.JApiCompatibilityChangeType;
import japicmp.model.JApiSemanticVersionLevel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The build's japicmp check as a library call: the rules are read from the {@code <parameter>} of
 * the japicmp-maven-plugin in {@code connector-spi/pom.xml}, so the build and the tests apply the
 * same ones, and a rule this class does not know makes it refuse rather than check differently.
 */
final class CompatibilityCheck {
  static final Path BASELINE = Path.of("compat", "connector-spi-0.1.0.jar");

  /** Parameters that change what breaks the build; the others only shape the reports. */
  private static final Set<String> RULES =
      Set.of(
          "breakBuildOnBinaryIncompatibleModifications",
          "breakBuildOnSourceIncompatibleModifications",
          "accessModifier",
          "overrideCompatibilityChangeParameters");

  private static final Set<String> REPORT_ONLY = Set.of("onlyModified");

  private final boolean breakOnBinary;
  private final boolean breakOnSource;
  private final AccessModifier accessModifier;
  private final List<OverrideCompatibilityChange> overrides;

  private CompatibilityCheck(
      boolean breakOnBinary,
      boolean breakOnSource,
      AccessModifier accessModifier,
      List<OverrideCompatibilityChange> overrides) {
    this.breakOnBinary = breakOnBinary;
    this.breakOnSource = breakOnSource;
    this.accessModifier = accessModifier;
    this.overrides = List.copyOf(overrides);
  }

  /** The rules of the build, from the module's {@code pom.xml} (the tests run in its directory). */
  static CompatibilityCheck ofBuild() {
    return fromPom(Path.of("pom.xml"));
  }

  static CompatibilityCheck fromPom(Path pom) {
    Element parameter = japicmpParameter(pom);
    boolean breakOnBinary = false;
    boolean breakOnSource = false;
    AccessModifier accessModifier = AccessModifier.PROTECTED;
    List<OverrideCompatibilityChange> overrides = new ArrayList<>();
    for (Element rule : children(parameter)) {
      String name = rule.getTagName();
      switch (name) {
        case "breakBuildOnBinaryIncompatibleModifications" ->
            breakOnBinary = Boolean.parseBoolean(text(rule));
        case "breakBuildOnSourceIncompatibleModifications" ->
            breakOnSource = Boolean.parseBoolean(text(rule));
        case "accessModifier" ->
            accessModifier = AccessModifier.valueOf(text(rule).toUpperCase(Locale.ROOT));
        case "overrideCompatibilityChangeParameters" -> {
          for (Element override : children(rule)) {
            overrides.add(override(override));
          }
        }
        default -> {
          if (!REPORT_ONLY.contains(name)) {
            throw new IllegalStateException(
                "japicmp parameter <"
                    + name
                    + "> is not applied by "
                    + CompatibilityCheck.class.getSimpleName()
                    + ", which knows "
                    + RULES
                    + " and "
                    + REPORT_ONLY
                    + ": teach it, so that the tests check what the build checks");
          }
        }
      }
    }
    return new CompatibilityCheck(breakOnBinary, breakOnSource, accessModifier, overrides);
  }

  boolean breaksOnBinaryIncompatible() {
    return breakOnBinary;
  }

  boolean breaksOnSourceIncompatible() {
    return breakOnSource;
  }

  /**
   * Every change from the baseline that would fail the build, as {@code Type.member: CHANGE}; empty
   * when the build passes.
   */
  List<String> breakingChanges(Path oldJar, Path newJar) {
    // japicmp keeps overrides in its enum of change types: each comparator resets and sets them,
    // so comparisons must not run concurrently with different rules.
    JarArchiveComparatorOptions options = new JarArchiveComparatorOptions();
    options.setAccessModifier(accessModifier);
    overrides.forEach(options::addOverrideCompatibilityChange);
    List<JApiClass> classes =
        new JarArchiveComparator(options)
            .compare(
                new JApiCmpArchive(oldJar.toFile(), "old"),
                new JApiCmpArchive(newJar.toFile(), "new"));
    List<String> breaking = new ArrayList<>();
    for (JApiClass type : classes) {
      String name = type.getFullyQualifiedName();
      int before = breaking.size();
      report(name, type, breaking);
      Stream.of(
              type.getMethods().stream().map(m -> member(name + "." + m.getName(), m)),
              type.getConstructors().stream().map(c -> member(name + ".<init>", c)),
              type.getFields().stream().map(f -> member(name + "." + f.getName(), f)),
              type.getInterfaces().stream().map(i -> member(name + " implements", i)),
              Stream.of(member(name + " extends", type.getSuperclass())))
          .flatMap(s -> s)
          .forEach(m -> report(m.name(), m.element(), breaking));
      // japicmp's own verdict on the class covers its members too; never report less than it.
      if (breaking.size() == before
          && ((breakOnBinary && !type.isBinaryCompatible())
              || (breakOnSource && !type.isSourceCompatible()))) {
        breaking.add(name + ": incompatible");
      }
    }
    return breaking;
  }

  /** The changes of one element (not of its members) that break the build. */
  private void report(String name, JApiCompatibility element, List<String> breaking) {
    for (JApiCompatibilityChange change : element.getCompatibilityChanges()) {
      if ((breakOnBinary && !change.isBinaryCompatible())
          || (breakOnSource && !change.isSourceCompatible())) {
        breaking.add(name + ": " + change.getType());
      }
    }
  }

  private record Member(String name, JApiCompatibility element) {}

  private static Member member(String name, JApiCompatibility element) {
    return new Member(name, element);
  }

  private static OverrideCompatibilityChange override(Element override) {
    String change = null;
    boolean binary = false;
    boolean source = false;
    String level = null;
    for (Element field : children(override)) {
      switch (field.getTagName()) {
        case "compatibilityChange" -> change = text(field);
        case "binaryCompatible" -> binary = Boolean.parseBoolean(text(field));
        case "sourceCompatible" -> source = Boolean.parseBoolean(text(field));
        case "semanticVersionLevel" -> level = text(field);
        default -> throw new IllegalStateException("unknown override field " + field.getTagName());
      }
    }
    return new OverrideCompatibilityChange(
        JApiCompatibilityChangeType.valueOf(change),
        binary,
        source,
        level == null ? null : JApiSemanticVersionLevel.valueOf(level));
  }

  private static Element japicmpParameter(Path pom) {
    try {
      Element project =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(pom.toFile())
              .getDocumentElement();
      for (Element plugin : children(child(child(project, "build"), "plugins"))) {
        if ("japicmp-maven-plugin".equals(text(child(plugin, "artifactId")))) {
          return child(child(plugin, "configuration"), "parameter");
        }
      }
      throw new IllegalStateException(pom + " has no japicmp-maven-plugin");
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the japicmp rules from " + pom, e);
    }
  }

  private static Element child(Element parent, String name) {
    return children(parent).stream()
        .filter(e -> e.getTagName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no <" + name + "> in " + parent.getTagName()));
  }

  private static List<Element> children(Element parent) {
    List<Element> children = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        children.add(e);
      }
    }
    return children;
  }

  private static String text(Element element) {
    return element.getTextContent().trim();
  }
}
