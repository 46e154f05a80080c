package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import javax.net.ssl.SSLContext;

/**
 * The one place the source makes MongoDB clients (tasks, planning, collection discovery, the
 * validation probe): the connection string plus the connector's own TLS context, when {@code
 * mongodb.ssl.*} sets one. A TLS context turns TLS on, as {@code tls=true} in the URI would; the
 * URI's other TLS options (such as {@code tlsAllowInvalidHostnames}) still apply.
 */
final class MongoClientFactory {
  private MongoClientFactory() {}

  static MongoClient create(MongoSourceConfig config) {
    return MongoClients.create(
        settings(config.parsedConnectionString(), config.sslContext()).build());
  }

  /** Settings for {@code connection} with {@code ssl} (null: the URI's TLS options only). */
  static MongoClientSettings.Builder settings(ConnectionString connection, SSLContext ssl) {
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder().applyConnectionString(connection);
    if (ssl != null) {
      builder.applyToSslSettings(b -> b.enabled(true).context(ssl));
    }
    return builder;
  }
}
