package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Checks that {@code mongodb.uri} parses, without ever echoing the value. */
final class ConnectionStringValidator implements ConfigDef.Validator {
  static final ConnectionStringValidator INSTANCE = new ConnectionStringValidator();

  @Override
  public void ensureValid(String name, Object value) {
    String uri = MongoSourceConfig.passwordValue(value);
    if (uri == null || uri.isBlank()) {
      throw new ConfigException(
          name
              + " is empty: give a connection string such as mongodb://host:27017/?replicaSet=rs0");
    }
    try {
      new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      // The driver's message may quote the string: scrub credentials before showing it.
      throw new ConfigException(
          name
              + " is not a valid MongoDB connection string ("
              + ConnectionStringMasker.scrub(e.getMessage(), uri)
              + "). Expected mongodb://[user:pass@]host[:port][,host...]/[?options]"
              + " or mongodb+srv://...");
    }
  }

  @Override
  public String toString() {
    return "a MongoDB connection string (mongodb:// or mongodb+srv://)";
  }
}
