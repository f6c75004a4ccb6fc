package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CurrencyCodesTest {
  private static final Set<String> JDK_CODES =
      Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toSet());

  @Test
  void answersExactlyTheJdksIso4217Codes() {
    int accepted = 0;
    for (String code : allThreeLetterCodes()) {
      assertThat(CurrencyCodes.isIso4217(code)).as(code).isEqualTo(JDK_CODES.contains(code));
      accepted += CurrencyCodes.isIso4217(code) ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(JDK_CODES.size());
    assertThat(CurrencyCodes.isIso4217("EUR")).isTrue();
    for (String notACode : new String[] {"", "EU", "EURO", "eur", "E1R", "€UR", "[UR", "@UR", null}) {
      assertThat(CurrencyCodes.isIso4217(notACode)).as(notACode).isFalse();
      assertThat(CurrencyCodes.indexOf(notACode)).as(notACode).isEqualTo(-1);
    }
  }

  private static String[] allThreeLetterCodes() {
    String[] codes = new String[CurrencyCodes.COUNT];
    int i = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
      for (char b = 'A'; b <= 'Z'; b++) {
        for (char c = 'A'; c <= 'Z'; c++) {
          codes[i++] = "" + a + b + c;
        }
      }
    }
    return codes;
  }
}
