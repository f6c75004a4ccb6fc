package dev.riskgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool for one test: a PKCS12 key store (the
 * server's key and certificate) and a trust store holding the certificate, both with a random password.
 */
public record TestCertificates(Path keystore, Path truststore, String password) {

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    TestCertificates certs = new TestCertificates(dir.resolve("server.p12"), dir.resolve("truststore.p12"),
        UUID.randomUUID().toString());
    Path pem = dir.resolve("server.pem");
    certs.keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", certs.keystore.toString(),
        "-storetype", "PKCS12", "-storepass", certs.password, "-keypass", certs.password);
    certs.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", certs.keystore.toString(), "-storepass",
        certs.password, "-file", pem.toString());
    certs.keytool("-importcert", "-noprompt", "-alias", "server", "-file", pem.toString(), "-keystore",
        certs.truststore.toString(), "-storetype", "PKCS12", "-storepass", certs.password);
    return certs;
  }

  /** Settings of riskgate's HTTP endpoints serving https with this certificate, and trusting it. */
  public java.util.Map<String, String> httpSettings() {
    return java.util.Map.of("http.tls.keystore", keystore.toString(), "http.tls.keystore.password", password,
        "http.tls.truststore", truststore.toString(), "http.tls.truststore.password", password);
  }

  /** Server side TLS from the key store. */
  SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
