package io.mongoelastic.source;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * An empty list, or Kafka bootstrap servers as {@code host:port} entries (IPv6 hosts in brackets,
 * ports 1-65535), checked without resolving names.
 */
final class BootstrapServersValidator implements ConfigDef.Validator {
  static final BootstrapServersValidator INSTANCE = new BootstrapServersValidator();

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?):(\\d{1,5})");

  private BootstrapServersValidator() {}

  @Override
  public void ensureValid(String name, Object value) {
    if (!(value instanceof List<?> entries)) {
      return;
    }
    for (Object entry : entries) {
      String server = entry.toString().trim();
      var matcher = HOST_PORT.matcher(server);
      if (!matcher.matches() || !validPort(matcher.group(3))) {
        throw new ConfigException(
            name,
            server,
            "Give Kafka bootstrap servers as host:port, comma-separated (e.g."
                + " broker1:9092,broker2:9092), or leave it empty");
      }
    }
  }

  private static boolean validPort(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65_535;
  }

  @Override
  public String toString() {
    return "host:port list, or empty";
  }
}
