package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Lines and line numbers exactly as BufferedReader.readLine over a UTF-8 reader gives them. */
class TextLinesTest {

  @Property(tries = 300)
  void readsAsBufferedReader(@ForAll("files") byte[] content) throws IOException {
    assertSameLines(content);
  }

  @Provide
  Arbitrary<byte[]> files() {
    // line breaks of every kind, multi-byte characters, and bytes that are not UTF-8
    byte[] alphabet = {'a', ',', '\n', '\r', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x80, (byte) 0xa6,
        (byte) 0xff, ' '};
    return Arbitraries.integers().between(0, alphabet.length - 1).map(i -> alphabet[i]).list().ofMaxSize(2_000)
        .map(list -> {
          byte[] bytes = new byte[list.size()];
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
          }
          return bytes;
        });
  }

  @Test
  void linesAcrossAndLongerThanTheBuffer() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("tx_").append(i).append(",tok_…").append(i % 97).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    text.append("x".repeat(200_000)).append("\r").append("\r\n").append("é".repeat(70_000));
    assertSameLines(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyFileHasNoLines() throws IOException {
    assertSameLines(new byte[0]);
    assertSameLines("\n".getBytes(StandardCharsets.UTF_8));
  }

  private static void assertSameLines(byte[] content) throws IOException {
    List<String> expected = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        expected.add(line);
      }
    }
    Path file = Files.createTempFile("lines", ".txt");
    try (TextLines lines = new TextLines(Files.write(file, content))) {
      List<String> read = new ArrayList<>();
      for (String line = lines.next(); line != null; line = lines.next()) {
        read.add(line);
        assertThat(lines.number()).isEqualTo(read.size());
      }
      assertThat(read).isEqualTo(expected);
      assertThat(lines.progress()).isEqualTo(1.0);
    } finally {
      Files.delete(file);
    }
  }
}
