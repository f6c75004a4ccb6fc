package dev.riskgate.config;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS of the HTTP endpoints: with a key store, an instance serves https only, and forwards analysts' questions to
 * the other instances over https, trusting the certificates of {@code truststore} (the JDK's default trust when
 * empty). The CLI uses the same trust to reach an instance.
 */
public record HttpTls(String keystore, String keystorePassword, String truststore, String truststorePassword) {
  public static final HttpTls NONE = new HttpTls("", "", "", "");

  public boolean enabled() {
    return !keystore.isEmpty();
  }

  /** {@code https} with a key store, {@code http} without. */
  public String scheme() {
    return enabled() ? "https" : "http";
  }

  /** The server's context, from the key store (PKCS12 or JKS, the key protected by the store's password). */
  public SSLContext serverContext() {
    try {
      KeyStore store = load(keystore, keystorePassword);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, keystorePassword.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) { // missing file: the last one
      throw new IllegalArgumentException("http.tls.keystore '" + keystore + "' cannot be used: " + e.getMessage(), e);
    }
  }

  /** A client's context: the trust store's certificates, or the JDK's default trust. */
  public SSLContext clientContext() {
    try {
      if (truststore.isEmpty()) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(truststore, truststorePassword));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) { // missing file: the last one
      throw new IllegalArgumentException("http.tls.truststore '" + truststore + "' cannot be used: " + e.getMessage(),
          e);
    }
  }

  private static KeyStore load(String location, String password) throws IOException, GeneralSecurityException {
    return KeyStore.getInstance(Path.of(location).toFile(), password.isEmpty() ? null : password.toCharArray());
  }

  /** Never prints the passwords. */
  @Override
  public String toString() {
    return "HttpTls[keystore=" + keystore + ", truststore=" + truststore + "]";
  }
}
