package dev.riskgate.config;

import dev.riskgate.privacy.SecretMasking;
import dev.riskgate.registry.RegistryClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS and basic authentication to the registry, set like any other key and never shown. */
class RegistrySecuritySettingsTest {
  @TempDir Path dir;

  @Test
  void basicAuthAndTrustStoreReachTheRegistryClient() throws Exception {
    Path truststore = Files.writeString(dir.resolve("truststore.p12"), "not read here");
    RiskgateConfig config = ConfigLoader.load(null, Map.of(
        "RISKGATE_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:secret"), Map.of(
        "schema.registry.url", "https://registry:8081",
        "schema.registry.ssl.truststore.location", truststore.toString(),
        "schema.registry.ssl.truststore.password", "changeit"));
    RegistryClientConfig registry = config.registryClient();
    assertThat(registry.url()).isEqualTo("https://registry:8081");
    assertThat(registry.basicAuth()).isEqualTo("svc:secret");
    assertThat(registry.truststore()).isEqualTo(truststore);
    assertThat(registry.truststorePassword()).isEqualTo("changeit");
    assertThat(registry.toString()).doesNotContain("secret").doesNotContain("changeit");
  }

  @Test
  void withoutSecuritySettingsTheClientUsesPlainHttpWithoutCredentials() {
    RegistryClientConfig registry = ConfigLoader.load(null, Map.of(), Map.of()).registryClient();
    assertThat(registry.basicAuth()).isNull();
    assertThat(registry.truststore()).isNull();
  }

  @Test
  void credentialsWithoutAUserAndAMissingTrustStoreAreReported() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(
        "schema.registry.basic.auth.user.info", "justapassword",
        "schema.registry.ssl.truststore.location", dir.resolve("missing.p12").toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("schema.registry.basic.auth.user.info: expected user:password")
        .hasMessageContaining("schema.registry.ssl.truststore.location: '")
        .hasMessageNotContaining("justapassword");
  }

  @Test
  void riskgateConfigMasksTheCredentials() {
    assertThat(SecretMasking.displayValue("schema.registry.basic.auth.user.info", "svc:secret"))
        .isEqualTo(SecretMasking.MASK);
    assertThat(SecretMasking.displayValue("schema.registry.ssl.truststore.password", "changeit"))
        .isEqualTo(SecretMasking.MASK);
  }
}
