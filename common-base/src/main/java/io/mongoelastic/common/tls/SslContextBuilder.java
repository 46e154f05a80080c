package io.mongoelastic.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.types.Password;

/**
 * Builds the {@link SSLContext} of one connection from a private CA (PEM file or truststore) and a
 * client certificate (keystore), so a connector can trust its own CA without the worker-wide {@code
 * javax.net.ssl.*} properties. Each step loads its file at once and reports a problem as a {@link
 * TlsSettingException} naming the setting at fault: a missing or unreadable file or a wrong format
 * on the path setting, a wrong password on the password setting. Passwords never appear in
 * messages.
 */
public final class SslContextBuilder {
  private TrustManager[] trustManagers;
  private KeyManager[] keyManagers;

  /** Trusts the certificates of a PEM file (one or more CA certificates). */
  public SslContextBuilder trustPem(String pathKey, String path) {
    Path file = readable(pathKey, path);
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new TlsSettingException(pathKey, "no certificate in " + file + "; give a PEM file");
      }
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      trustManagers = trustManagers(store);
      return this;
    } catch (IOException | GeneralSecurityException e) {
      throw new TlsSettingException(
          pathKey, file + " is not a PEM certificate file (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Trusts the certificates of a truststore ({@code type} e.g. PKCS12 or JKS). */
  public SslContextBuilder trustStore(
      String pathKey, String passwordKey, String path, String type, Password password) {
    KeyStore store = load(pathKey, passwordKey, path, type, password);
    try {
      trustManagers = trustManagers(store);
      return this;
    } catch (GeneralSecurityException e) {
      throw new TlsSettingException(
          pathKey, "the truststore cannot be used (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Presents the client certificate of a keystore; {@code keyPassword} null means the key is
   * protected by the store password.
   */
  public SslContextBuilder keyStore(
      String pathKey,
      String passwordKey,
      String keyPasswordKey,
      String path,
      String type,
      Password password,
      Password keyPassword) {
    KeyStore store = load(pathKey, passwordKey, path, type, password);
    Password forKey = keyPassword != null ? keyPassword : password;
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, chars(forKey));
      keyManagers = factory.getKeyManagers();
      return this;
    } catch (UnrecoverableKeyException e) {
      throw new TlsSettingException(
          keyPassword != null ? keyPasswordKey : passwordKey,
          "the private key in " + path + " cannot be read with this password");
    } catch (GeneralSecurityException e) {
      throw new TlsSettingException(
          pathKey, "the keystore cannot be used (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Whether a trust source or a keystore was given. */
  public boolean configured() {
    return trustManagers != null || keyManagers != null;
  }

  /**
   * The context, or null when nothing was configured (the JVM's default TLS applies). Without a
   * trust source the JVM's default CAs are trusted.
   */
  public SSLContext build() {
    if (!configured()) {
      return null;
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM offers no TLS context", e);
    }
  }

  private static KeyStore load(
      String pathKey, String passwordKey, String path, String type, Password password) {
    Path file = readable(pathKey, path);
    KeyStore store;
    try {
      store = KeyStore.getInstance(type);
    } catch (GeneralSecurityException e) {
      throw new TlsSettingException(pathKey, "unknown keystore type " + type);
    }
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, chars(password));
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new TlsSettingException(
            passwordKey, "the password does not open " + file + "; check it");
      }
      throw new TlsSettingException(
          pathKey, file + " is not a " + type + " keystore (" + e.getClass().getSimpleName() + ")");
    } catch (GeneralSecurityException e) {
      throw new TlsSettingException(
          pathKey, file + " cannot be loaded (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Path readable(String pathKey, String path) {
    Path file = Path.of(path);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new TlsSettingException(
          pathKey, path + " is not a readable file on this worker; check the path");
    }
    return file;
  }

  private static TrustManager[] trustManagers(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static char[] chars(Password password) {
    return password == null ? null : password.value().toCharArray();
  }
}
