package io.customauth.runner.imports.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checking stream hands out valid UTF-8 unchanged and never cuts a character, whatever sizes
 * the underlying stream reads in; of invalid input it hands out every byte before the bad sequence,
 * then fails, naming the sequence's offset.
 */
class StrictUtf8InputStreamTest {
  /** Invalid sequences, each followed by ASCII (a cut one is only invalid because of that). */
  private static final List<byte[]> INVALID =
      List.of(
          bytes(0xED, 0xA0, 0x80), // an encoded surrogate
          bytes(0xC0, 0xAF), // overlong
          bytes(0xE0, 0x80, 0xAF), // overlong
          bytes(0xF0, 0x80, 0x80, 0xAF), // overlong
          bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
          bytes(0xF5, 0x80, 0x80, 0x80), // never used
          bytes(0xFF), // never used
          bytes(0x80), // a stray continuation byte
          bytes(0xE2, 0x82), // cut short by ASCII
          bytes(0xF0, 0x9F, 0x98)); // cut short by ASCII

  /** At most {@code chunk} bytes per read, as a file or pipe may deliver them. */
  private static InputStream chunked(byte[] content, int chunk) {
    return new ByteArrayInputStream(content) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 64 * 1024})
  void validTextPassesUnchangedAndEveryReadEndsOnACharacterBoundary(int chunk) throws IOException {
    Random random = new Random(chunk);
    StringBuilder text = new StringBuilder();
    String[] pieces = {
      "a", "plain ascii text ", "é", "€", "日本", "😀", "\u0000", "\u007f", "\u07ff"
    };
    while (text.length() < 200_000) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    byte[] content = text.toString().getBytes(UTF_8);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new StrictUtf8InputStream(chunked(content, chunk))) {
      byte[] buffer = new byte[1 + random.nextInt(100_000)];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        assertThat(n).isPositive();
        byte[] piece = Arrays.copyOf(buffer, n);
        assertThat(Utf8Check.firstInvalid(piece, 0, n))
            .as("a read ends mid-character")
            .isEqualTo(-1);
        out.write(piece);
      }
    }

    assertThat(out.toByteArray()).isEqualTo(content);
  }

  @Test
  void anInvalidSequenceAnywhereFailsOnlyAfterEveryByteBeforeItWasHandedOut() {
    for (byte[] bad : INVALID) {
      for (int at = 0; at < 40; at++) {
        for (int chunk : new int[] {1, 2, 3, 8, 64 * 1024}) {
          byte[] good = "x".repeat(at).getBytes(UTF_8);
          // Multi-byte characters before the bad one, so that it follows them at every alignment.
          if (at >= 9) {
            good = concat("é€😀".getBytes(UTF_8), "x".repeat(at - 9).getBytes(UTF_8));
          }
          byte[] content = concat(good, bad, "tail".getBytes(UTF_8));
          String what =
              HexFormat.of().formatHex(bad) + " after " + good.length + ", chunk " + chunk;

          assertFailsAfter(content, chunk, good, what);
        }
      }
    }
  }

  @Test
  void aSequenceSplitAcrossTheCheckingBufferIsJoinedOrRefusedWhole() {
    int edge = 64 * 1024;
    for (int chunk : new int[] {edge, 7}) {
      for (int cut = 1; cut <= 3; cut++) {
        byte[] good = concat("x".repeat(edge - cut).getBytes(UTF_8), "😀 end".getBytes(UTF_8));
        assertThat(readAll(good, chunk)).as("valid, cut at %d", cut).isEqualTo(good);

        byte[] before = "x".repeat(edge - cut).getBytes(UTF_8);
        for (byte[] bad : List.of(bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xED, 0xA0, 0x80))) {
          assertFailsAfter(
              concat(before, bad, "tail".getBytes(UTF_8)), chunk, before, "split at " + cut);
        }
      }
    }
  }

  @Test
  void aSequenceCutByTheEndOfTheInputIsInvalid() {
    byte[] good = "ok ".getBytes(UTF_8);

    assertFailsAfter(concat(good, bytes(0xF0, 0x9F, 0x98)), 1, good, "cut at the end");
    assertFailsAfter(concat(good, bytes(0xC3)), 64, good, "cut at the end");
  }

  @Test
  void singleByteReadsSeeTheSameBytesAndTheSameFailure() throws IOException {
    byte[] content = concat("aé€".getBytes(UTF_8), bytes(0xC0, 0xAF));
    try (InputStream in = new StrictUtf8InputStream(chunked(content, 2))) {
      for (int i = 0; i < 6; i++) {
        assertThat(in.read()).isEqualTo(content[i] & 0xFF);
      }
      assertThatThrownBy(in::read).isInstanceOf(CharacterCodingException.class);
    }
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(11);
    int[] pool = {'a', 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5};
    for (int round = 0; round < 20_000; round++) {
      byte[] content = new byte[1 + random.nextInt(12)];
      for (int i = 0; i < content.length; i++) {
        content[i] = (byte) pool[random.nextInt(pool.length)];
      }
      int chunk = 1 + random.nextInt(4);
      boolean accepted;
      try {
        accepted = Arrays.equals(readAllOrThrow(content, chunk), content);
      } catch (CharacterCodingException e) {
        accepted = false;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertThat(accepted)
          .as("%s", HexFormat.of().formatHex(content))
          .isEqualTo(jdkAccepts(content));
    }
  }

  private static void assertFailsAfter(byte[] content, int chunk, byte[] good, String what) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StrictUtf8InputStream in = new StrictUtf8InputStream(chunked(content, chunk));
    byte[] buffer = new byte[7];
    assertThatThrownBy(
            () -> {
              int n;
              while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                out.write(buffer, 0, n);
              }
            })
        .as(what)
        .isInstanceOfSatisfying(
            StrictUtf8InputStream.NotUtf8.class,
            e -> assertThat(e.offset()).as(what).isEqualTo(good.length));
    assertThat(out.toByteArray()).as(what).isEqualTo(good);
    // And it stays failed.
    assertThatThrownBy(() -> in.read(buffer, 0, 1)).isInstanceOf(CharacterCodingException.class);
  }

  private static byte[] readAll(byte[] content, int chunk) {
    try {
      return readAllOrThrow(content, chunk);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] readAllOrThrow(byte[] content, int chunk) throws IOException {
    try (InputStream in = new StrictUtf8InputStream(chunked(content, chunk))) {
      return in.readAllBytes();
    }
  }

  private static boolean jdkAccepts(byte[] content) {
    try {
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
