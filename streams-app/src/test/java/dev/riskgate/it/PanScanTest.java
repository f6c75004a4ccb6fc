package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riskgate.validation.BadInputs;
import org.junit.jupiter.api.Test;

class PanScanTest {
  @Test
  void aRocksDbIdentityWhoseHexGroupsAreDigitsIsNotACardNumber() {
    // 1234-5678-9537-4 passes Luhn; in the UUID letters bound it, as RocksDB writes it into IDENTITY and every file
    assertThat(PanScan.find("\u0000abcd1234-5678-9537-4fe0-00aa1b2c3d4e\u0000")).isEmpty();
  }

  @Test
  void cardNumbersAreFoundAsRunsOrGroupsBetweenBinaryBytes() {
    String pan = BadInputs.pan(new java.util.Random(16), 16); // made here: no card number is written in a test
    assertThat(PanScan.find("\u0003\u0000" + pan + "\u0012")).hasSize(1);
    assertThat(PanScan.find("\u0003\u0000" + BadInputs.grouped(pan, " ") + "\u0012")).hasSize(1);
    assertThat(PanScan.find("\u0003\u0000" + BadInputs.grouped(pan, "-") + ";")).hasSize(1);
  }
}
