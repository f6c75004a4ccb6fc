package dev.riskgate.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riskgate.schema.ErrorKind;
import dev.riskgate.schema.Transaction;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryFieldsTest {
  private final Map<String, String> row = new HashMap<>(Map.ofEntries(Map.entry("transactionId", "tx-1"),
      Map.entry("cardToken", "tok_abcdefgh1234"), Map.entry("accountId", "acc-1"), Map.entry("merchantId", "mer-1"),
      Map.entry("terminalId", "trm-1"), Map.entry("mcc", "5411"), Map.entry("amountMinor", "1250"),
      Map.entry("currency", "EUR"), Map.entry("entryMode", "CHIP"), Map.entry("eventTime", "2026-11-01T08:00:00Z"),
      Map.entry("country", "DE"), Map.entry("latitude", "52.52"), Map.entry("longitude", "13.405"),
      Map.entry("acquirerId", "acq-1")));

  @Test
  void readsARowWithTextFromAnyScript() throws Exception {
    row.put("merchantId", "mer-\uD83D\uDE00-café"); // a pair of surrogates is text like any other
    Transaction tx = HistoryFields.transaction(row::get);
    assertThat(tx.getMerchantId()).isEqualTo("mer-\uD83D\uDE00-café");
    assertThat(tx.getLatitude()).isEqualTo(52.52);
  }

  /** On the wire an unpaired surrogate would become '?': the replayed id and the backtested one would differ. */
  @Test
  void refusesTextWithAnUnpairedSurrogate() {
    for (String broken : new String[] {"tx-\uD800", "\uDC00tx", "tx-\uD800x"}) {
      row.put("transactionId", broken);
      assertThatThrownBy(() -> HistoryFields.transaction(row::get))
          .isInstanceOf(BadValueException.class)
          .hasMessageContaining("transactionId")
          .hasMessageContaining("unpaired UTF-16 surrogate")
          .satisfies(e -> assertThat(((BadValueException) e).kind()).isEqualTo(ErrorKind.INVALID_FIELD));
    }
  }
}
