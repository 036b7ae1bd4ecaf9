package io.customauth.runner.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Small parts of the import package. Backoff and upload URLs are tested in {@code upload}. */
class SmallPartsTest {
  @Test
  void importIdsAreShortUrlSafeAndDistinct() {
    String a = ImportIds.newId();
    String b = ImportIds.newId();

    assertThat(a).matches("imp-[a-z2-7]{12}");
    assertThat(ImportIds.isValid(a)).isTrue();
    assertThat(a).isNotEqualTo(b);
  }
}
