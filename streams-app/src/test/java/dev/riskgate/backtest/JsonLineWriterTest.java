package dev.riskgate.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The writer must write exactly the bytes Jackson's generator writes: decision files stay what they were. */
class JsonLineWriterTest {

  @Test
  void writesTheSameBytesAsJacksonForTheTrickyCases() throws IOException {
    List<String> texts = List.of("", "tx-1", "tok_…ib7a", "say \"hi\"", "back\\slash", "tab\there", "nl\n",
        "\u0000\u001f\u007f", "é ü ß", "€ 中文", "emoji \ud83d\ude00", "lone \ud800 high", "lone \udc00 low",
        "\u2028\u2029", "</script>", "x".repeat(70_000));
    for (String text : texts) {
      assertSameAsJackson(List.of(text, text), 7, true);
    }
  }

  @Property(tries = 3_000)
  void writesTheSameBytesAsJacksonForAnyText(@ForAll("texts") List<String> texts, @ForAll int score,
      @ForAll boolean retry) throws IOException {
    assertSameAsJackson(texts, score, retry);
  }

  @Provide
  Arbitrary<List<String>> texts() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(40);
    Arbitrary<String> mostlyPlain = Arbitraries.strings().withCharRange(' ', '~').withChars('…', '"', '\n', '\ud83d')
        .ofMaxLength(40);
    return Arbitraries.oneOf(any, mostlyPlain).injectNull(0.1).list().ofMaxSize(6);
  }

  /** Four lines of the same values: the later lines copy the bytes remembered for values that recur. */
  private static void assertSameAsJackson(List<String> texts, int score, boolean retry) throws IOException {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      columns.add("f" + i);
    }
    columns.addAll(List.of("score", "retry"));
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    ByteArrayOutputStream jacksons = new ByteArrayOutputStream();
    try (JsonLineWriter writer = new JsonLineWriter(ours, columns.toArray(String[]::new));
        JsonGenerator generator = new JsonFactory().createGenerator(jacksons, JsonEncoding.UTF8)) {
      generator.setRootValueSeparator(null);
      for (int line = 0; line < 4; line++) {
        writer.startObject();
        generator.writeStartObject();
        for (int i = 0; i < texts.size(); i++) {
          // a column's value changes on the third line, back on the fourth: remembered values must not go stale
          String text = line == 2 && i % 2 == 0 ? "other" + i : texts.get(i);
          writer.string(i, text);
          generator.writeStringField("f" + i, text);
        }
        writer.number(texts.size(), score);
        generator.writeNumberField("score", score);
        writer.bool(texts.size() + 1, retry);
        generator.writeBooleanField("retry", retry);
        writer.endObject();
        generator.writeEndObject();
        generator.writeRaw('\n');
      }
    }
    assertThat(new String(ours.toByteArray(), StandardCharsets.ISO_8859_1))
        .isEqualTo(new String(jacksons.toByteArray(), StandardCharsets.ISO_8859_1));
  }
}
