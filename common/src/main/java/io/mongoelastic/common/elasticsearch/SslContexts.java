package io.mongoelastic.common.elasticsearch;

import io.mongoelastic.common.tls.SslContextBuilder;
import io.mongoelastic.common.tls.TlsSettingException;
import javax.net.ssl.SSLContext;

/** Builds the TLS trust of a connection from a PEM CA file or a truststore. */
final class SslContexts {
  private SslContexts() {}

  /**
   * Null when neither a CA file nor a truststore is set (the JVM's default trust applies).
   *
   * @throws TlsSettingException naming the setting at fault
   */
  static SSLContext fromConfig(ElasticsearchConnectionConfig config) {
    SslContextBuilder builder = new SslContextBuilder();
    if (config.caPath() != null) {
      builder.trustPem(ElasticsearchConnectionConfig.SSL_CA_PATH, config.caPath());
    } else if (config.truststorePath() != null) {
      builder.trustStore(
          ElasticsearchConnectionConfig.SSL_TRUSTSTORE_PATH,
          ElasticsearchConnectionConfig.SSL_TRUSTSTORE_PASSWORD,
          config.truststorePath(),
          config.truststoreType(),
          config.truststorePassword());
    }
    return builder.build();
  }
}
