package io.mongoelastic.source;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * {@code snapshot.resync.request}: any printable text of at most 200 characters. The token is
 * stored in every collection offset, so it is kept short.
 */
final class ResyncRequestValidator implements ConfigDef.Validator {
  static final ResyncRequestValidator INSTANCE = new ResyncRequestValidator();
  static final int MAX_LENGTH = 200;

  @Override
  public void ensureValid(String name, Object value) {
    String text = value == null ? "" : value.toString();
    if (text.length() > MAX_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
      throw new ConfigException(
          name,
          value,
          "Use at most "
              + MAX_LENGTH
              + " characters without control characters, e.g. the current date and time.");
    }
  }

  @Override
  public String toString() {
    return "at most " + MAX_LENGTH + " characters, no control characters; empty: none";
  }
}
