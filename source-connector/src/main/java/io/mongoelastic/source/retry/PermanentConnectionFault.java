package io.mongoelastic.source.retry;

import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Recognises connection failures that waiting cannot cure — a TLS handshake or certificate the
 * client refuses, credentials the server refuses — behind the socket errors and server-selection
 * timeouts that otherwise count as transient. Without this, {@code mongodb.retry.timeout.ms=-1}
 * would retry a wrong certificate or password forever while the task shows RUNNING.
 *
 * <p>A server-selection timeout carries no cause: the driver writes each server's last error into
 * the message ({@code exception={com.mongodb.MongoSecurityException: ...}}), so the message is
 * searched too. An unknown host is left transient: DNS records do appear late (a pod starting).
 */
public final class PermanentConnectionFault {
  private static final String TLS_REMEDY =
      "the TLS handshake with MongoDB failed: check the server certificate against"
          + " mongodb.ssl.ca.path / mongodb.ssl.truststore.path, the client certificate in"
          + " mongodb.ssl.keystore.path, and tls/tlsAllowInvalidHostnames in mongodb.uri";
  private static final String AUTH_REMEDY =
      "MongoDB refused the credentials: check the user, password and authSource in mongodb.uri";

  private PermanentConnectionFault() {}

  /** What to fix, when {@code error} is a connection failure that retrying does not cure. */
  public static Optional<String> remedy(MongoException error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoSecurityException) {
        return Optional.of(AUTH_REMEDY);
      }
      if (t instanceof SSLHandshakeException
          || t instanceof SSLPeerUnverifiedException
          || t instanceof CertificateException) {
        return Optional.of(TLS_REMEDY);
      }
    }
    String message = String.valueOf(error.getMessage());
    if (message.contains(MongoSecurityException.class.getName())) {
      return Optional.of(AUTH_REMEDY);
    }
    if (message.contains(SSLHandshakeException.class.getName())
        || message.contains(SSLPeerUnverifiedException.class.getName())
        || message.contains("CertificateException")
        || message.contains("CertPathValidatorException")) {
      return Optional.of(TLS_REMEDY);
    }
    return Optional.empty();
  }
}
