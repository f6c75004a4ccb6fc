package dev.riskgate.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskingTest {

  @ParameterizedTest
  @ValueSource(strings = {"http.token", "kafka.sasl.jaas.config", "kafka.ssl.keystore.password",
      "kafka.ssl.key.password", "kafka.ssl.truststore.password", "schema.registry.basic.auth.user.info",
      "kafka.sasl.client.callback.handler.secret", "KAFKA.SSL.KEY.PASSWORD", "registry.password"})
  void masksSecrets(String key) {
    assertThat(SecretMasking.isSecret(key)).isTrue();
    assertThat(SecretMasking.displayValue(key, "hunter2")).isEqualTo(SecretMasking.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bootstrap.servers", "kafka.ssl.keystore.location", "kafka.security.protocol",
      "http.host", "kafka.sasl.mechanism", "schema.registry.url"})
  void showsOrdinarySettings(String key) {
    assertThat(SecretMasking.isSecret(key)).isFalse();
    assertThat(SecretMasking.displayValue(key, "plain")).isEqualTo("plain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http.token", "bootstrap.servers"})
  void showsThatASecretIsUnsetRatherThanHidingIt(String key) {
    assertThat(SecretMasking.displayValue(key, "")).isEmpty();
  }
}
