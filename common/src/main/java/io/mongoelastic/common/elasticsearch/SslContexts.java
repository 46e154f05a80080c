package io.mongoelastic.common.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/** Builds the TLS trust of a connection from a PEM CA file or a truststore. */
final class SslContexts {
  private SslContexts() {}

  /** Null when neither a CA file nor a truststore is set (the JVM's default trust applies). */
  static SSLContext fromConfig(ElasticsearchConnectionConfig config) {
    try {
      KeyStore trust;
      if (config.caPath() != null) {
        trust = fromPem(Path.of(config.caPath()));
      } else if (config.truststorePath() != null) {
        trust = KeyStore.getInstance(config.truststoreType());
        char[] password =
            config.truststorePassword() == null
                ? null
                : config.truststorePassword().value().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(config.truststorePath()))) {
          trust.load(in, password);
        }
      } else {
        return null;
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      String key =
          config.caPath() != null
              ? ElasticsearchConnectionConfig.SSL_CA_PATH
              : ElasticsearchConnectionConfig.SSL_TRUSTSTORE_PATH;
      throw new ConfigException(
          key
              + " could not be loaded ("
              + e.getClass().getSimpleName()
              + "); check the file"
              + " format and password");
    }
  }

  private static KeyStore fromPem(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + pem);
      }
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
    }
    return store;
  }
}
