package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CsvLineTest {

  @Test
  void splitsPlainQuotedAndEmptyValues() {
    assertThat(CsvLine.split("a,,\"b,c\",\"say \"\"hi\"\"\",", new ArrayList<>()))
        .containsExactly("a", "", "b,c", "say \"hi\"", "");
    assertThat(CsvLine.split("", new ArrayList<>())).containsExactly("");
    assertThat(CsvLine.split("tx-1", new ArrayList<>())).containsExactly("tx-1");
  }

  @Test
  void whatJoinWritesSplitReadsBack() {
    String[] values = {"tx-1", "", "a,b", "\"quoted\"", "x\"y", null, "last"};
    List<String> read = CsvLine.split(CsvLine.join(values), new ArrayList<>());
    assertThat(read).containsExactly("tx-1", "", "a,b", "\"quoted\"", "x\"y", "", "last");
  }

  /** Any line, quotes and commas anywhere: the same values as the character-by-character reading. */
  @Property(tries = 2_000)
  void cuttingWholeValuesReadsAsCharacterByCharacter(@ForAll("lines") String line) {
    assertThat(CsvLine.split(line, new ArrayList<>())).isEqualTo(characterByCharacter(line));
  }

  @Provide
  Arbitrary<String> lines() {
    return Arbitraries.strings().withChars('a', 'b', ',', '"', ' ', '1').ofMaxLength(30);
  }

  /** The reading before values were cut out whole: the reference. */
  private static List<String> characterByCharacter(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder value = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          value.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        values.add(value.toString());
        value.setLength(0);
      } else {
        value.append(c);
      }
    }
    values.add(value.toString());
    return values;
  }
}
