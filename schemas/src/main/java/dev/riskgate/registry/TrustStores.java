package dev.riskgate.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust for an https registry from a trust store file (PKCS12 or JKS: the JDK tells them apart itself). */
final class TrustStores {
  private TrustStores() {}

  static SSLContext sslContext(Path location, String password) {
    try {
      KeyStore store = KeyStore.getInstance(location.toFile(), password == null ? null : password.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot read the registry trust store " + location + ": " + e.getMessage(),
          e);
    }
  }
}
