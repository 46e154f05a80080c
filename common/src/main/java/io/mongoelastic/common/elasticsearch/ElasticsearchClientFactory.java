package io.mongoelastic.common.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * The one place that turns connection settings into clients: URLs, authentication, TLS, timeouts
 * and compression are applied here and nowhere else.
 */
public final class ElasticsearchClientFactory {
  private ElasticsearchClientFactory() {}

  /**
   * A low-level client: the sink posts pre-built NDJSON through it, avoiding a parse and
   * re-serialisation of every document.
   */
  public static Rest5Client lowLevelClient(ElasticsearchConnectionConfig config) {
    Rest5ClientBuilder builder =
        Rest5Client.builder(config.urls())
            .setDefaultHeaders(authHeaders(config).toArray(new Header[0]))
            .setCompressionEnabled(config.compression())
            .setConnectionConfigCallback(
                connection ->
                    connection
                        .setConnectTimeout(Timeout.ofMilliseconds(config.connectTimeoutMs()))
                        .setSocketTimeout(Timeout.ofMilliseconds(config.readTimeoutMs())))
            .setRequestConfigCallback(
                request ->
                    request.setResponseTimeout(Timeout.ofMilliseconds(config.readTimeoutMs())));
    SSLContext ssl = SslContexts.fromConfig(config);
    if (ssl != null) {
      builder.setSSLContext(ssl);
    }
    if (!config.verifyHostname()) {
      SSLContext context = ssl != null ? ssl : defaultContext();
      builder.setConnectionManagerCallback(
          manager ->
              manager.setTlsStrategy(
                  ClientTlsStrategyBuilder.create()
                      .setSslContext(context)
                      .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                      .build()));
    }
    return builder.build();
  }

  /** The typed client over a low-level client; closing it closes the low-level client too. */
  public static ElasticsearchClient client(Rest5Client lowLevel) {
    return new ElasticsearchClient(new Rest5ClientTransport(lowLevel, new JacksonJsonpMapper()));
  }

  /** A typed client with its own low-level client. */
  public static ElasticsearchClient client(ElasticsearchConnectionConfig config) {
    return client(lowLevelClient(config));
  }

  static List<Header> authHeaders(ElasticsearchConnectionConfig config) {
    List<Header> headers = new ArrayList<>();
    if (config.apiKey() != null) {
      headers.add(new BasicHeader("Authorization", "ApiKey " + config.apiKey().value()));
    } else if (config.username() != null) {
      String pair = config.username() + ":" + config.password().value();
      headers.add(
          new BasicHeader(
              "Authorization",
              "Basic "
                  + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }
    return headers;
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM offers no default TLS context", e);
    }
  }
}
