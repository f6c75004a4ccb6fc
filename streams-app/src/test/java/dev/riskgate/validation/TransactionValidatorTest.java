package dev.riskgate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TransactionValidatorTest {

  @Test
  void currencyTableAnswersExactlyTheJdksIso4217Codes() {
    Set<String> codes =
        Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode).collect(Collectors.toSet());
    int accepted = 0;
    for (char a = 'A'; a <= 'Z'; a++) {
      for (char b = 'A'; b <= 'Z'; b++) {
        for (char c = 'A'; c <= 'Z'; c++) {
          String code = "" + a + b + c;
          assertThat(TransactionValidator.isIsoCurrency(code)).as(code).isEqualTo(codes.contains(code));
          accepted += TransactionValidator.isIsoCurrency(code) ? 1 : 0;
        }
      }
    }
    assertThat(accepted).isEqualTo(codes.size());
    assertThat(TransactionValidator.isIsoCurrency("EUR")).isTrue();
    for (String notACode : new String[] {"", "EU", "EURO", "eur", "E1R", "€UR", "[UR", "@UR"}) {
      assertThat(TransactionValidator.isIsoCurrency(notACode)).as(notACode).isFalse();
    }
  }
}
