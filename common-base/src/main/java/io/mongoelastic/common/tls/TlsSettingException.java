package io.mongoelastic.common.tls;

import org.apache.kafka.common.config.ConfigException;

/** A TLS file or password that cannot be used, naming the setting at fault (never its value). */
public final class TlsSettingException extends ConfigException {
  private final String key;

  public TlsSettingException(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
  }

  /** The setting the error belongs to. */
  public String key() {
    return key;
  }
}
