package dev.riskgate.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.Map;
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

  /** The tables give the very doubles the look-ups by code gave, for every code and the odd ones. */
  @Test
  void referenceAmountsFromTablesEqualTheLookUpsTheyReplace() {
    Map<String, Double> usd = Map.of("USD", 1.0, "EUR", 1.08, "JPY", 0.0067, "KRW", 0.00073, "AED", 0.27);
    for (String code : allThreeLetterCodes()) {
      for (long minor : new long[] {1, 2_499, 123_456_789}) {
        double expected = minor / Math.pow(10, lookedUpFractionDigits(code));
        assertThat(ReferenceAmounts.majorUnits(minor, code)).as(code).isEqualTo(expected);
      }
    }
    usd.forEach((code, rate) -> assertThat(ReferenceAmounts.toReference(2_499, code))
        .isEqualTo(2_499 / Math.pow(10, lookedUpFractionDigits(code)) * rate));
    assertThat(ReferenceAmounts.majorUnits(2_499, "eur")).isEqualTo(24.99);
    assertThat(ReferenceAmounts.toReference(2_499, "XXQ")).isEqualTo(24.99);
  }

  private static int lookedUpFractionDigits(String code) {
    try {
      return Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      return 2;
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
