package io.customauth.runner.imports.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written check agrees with the JDK's strict decoder, and accepts every edge case. */
class Utf8CheckTest {
  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void acceptsTheEdgesOfEveryRangeAndRefusesWhatLiesBeyond() {
    for (int cp :
        new int[] {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF}) {
      byte[] bytes = ("ab" + Character.toString(cp) + "cdefghijk").getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8Check.firstInvalid(bytes, 0, bytes.length)).as("U+%X", cp).isEqualTo(-1);
    }
    byte[] surrogate = {'a', 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
    assertThat(Utf8Check.firstInvalid(surrogate, 0, surrogate.length)).isEqualTo(2);
    byte[] truncated = {'a', (byte) 0xE2, (byte) 0x82};
    assertThat(Utf8Check.firstInvalid(truncated, 0, truncated.length)).isEqualTo(1);
    assertThat(Utf8Check.firstInvalid(truncated, 0, 1)).isEqualTo(-1);
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(7);
    int[] pool = {
      'a', '"', 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
    };
    for (int round = 0; round < 200_000; round++) {
      byte[] bytes = new byte[1 + random.nextInt(12)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) pool[random.nextInt(pool.length)];
      }
      assertThat(Utf8Check.firstInvalid(bytes, 0, bytes.length) < 0)
          .as("%s", java.util.HexFormat.of().formatHex(bytes))
          .isEqualTo(jdkAccepts(bytes));
    }
  }
}
