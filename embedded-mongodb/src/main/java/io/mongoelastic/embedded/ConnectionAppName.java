package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The application name a connection announced in its handshake ({@code client.application.name} of
 * its first {@code hello}/{@code isMaster}), kept on the Netty channel for the fail points' {@code
 * appName} filter.
 */
final class ConnectionAppName {
  private static final AttributeKey<String> APP_NAME =
      AttributeKey.valueOf(ConnectionAppName.class, "appName");

  private ConnectionAppName() {}

  /** Remembers the app name of a handshake; a later handshake cannot change it, as on mongod. */
  static void remember(Channel channel, Document handshake) {
    if (channel != null
        && handshake.get("client") instanceof Document client
        && client.get("application") instanceof Document application
        && application.get("name") instanceof String name) {
      channel.attr(APP_NAME).setIfAbsent(name);
    }
  }

  /** The connection's app name, or null when it announced none. */
  static String of(Channel channel) {
    return channel == null ? null : channel.attr(APP_NAME).get();
  }
}
