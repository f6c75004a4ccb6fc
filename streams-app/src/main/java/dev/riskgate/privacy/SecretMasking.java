package dev.riskgate.privacy;

import java.util.List;
import java.util.Locale;

/**
 * Which settings hold secrets, so that {@code riskgate config} (and anything else that prints settings) shows
 * {@value #MASK} instead of their value: passwords, secrets, tokens, JAAS configs (they embed credentials),
 * ssl.*.password and basic-auth credentials, under any prefix such as {@code kafka.}.
 */
public final class SecretMasking {
  public static final String MASK = "********";
  // "password" covers ssl.keystore.password, ssl.key.password and ssl.truststore.password
  private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "sasl.jaas.config",
      "basic.auth");

  private SecretMasking() {}

  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  /** The value as it may be shown: masked for a secret key unless empty (an unset secret is worth knowing). */
  public static String displayValue(String key, String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    return isSecret(key) ? MASK : value;
  }
}
