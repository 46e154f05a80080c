package io.mongoelastic.common.tls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * TLS settings of one connection, declared once and mounted under a prefix (e.g. {@code mongodb.}
 * gives {@code mongodb.ssl.truststore.path}): a private CA as a PEM file or a truststore, and a
 * client certificate in a keystore. Passwords are {@link Type#PASSWORD}, so a config provider can
 * supply them and Connect masks them.
 */
public final class TlsConfigBlock {
  public static final String CA_PATH = "ssl.ca.path";
  public static final String TRUSTSTORE_PATH = "ssl.truststore.path";
  public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
  public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
  public static final String KEYSTORE_PATH = "ssl.keystore.path";
  public static final String KEYSTORE_TYPE = "ssl.keystore.type";
  public static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
  public static final String KEY_PASSWORD = "ssl.key.password";

  private static final String DEFAULT_TYPE = "PKCS12";

  private final String prefix;

  /** The block under {@code prefix}, which ends with a dot. */
  public TlsConfigBlock(String prefix) {
    this.prefix = prefix;
  }

  /** The full name of one of this block's keys, e.g. {@code key(TRUSTSTORE_PATH)}. */
  public String key(String suffix) {
    return prefix + suffix;
  }

  /** Adds the keys to {@code target} in {@code group}, naming the server in their docs. */
  public ConfigDef embedInto(ConfigDef target, String group, String server) {
    int order = 0;
    target.define(
        key(CA_PATH),
        Type.STRING,
        null,
        new OptionalPathValidator(),
        Importance.MEDIUM,
        "PEM file of the CA certificate(s) that signed the certificates of "
            + server
            + ", for a private CA. Setting any TLS file turns TLS on. Give either"
            + " this or "
            + key(TRUSTSTORE_PATH)
            + ".",
        group,
        ++order,
        Width.LONG,
        "CA file (PEM)");
    target.define(
        key(TRUSTSTORE_PATH),
        Type.STRING,
        null,
        new OptionalPathValidator(),
        Importance.MEDIUM,
        "Truststore holding the CA certificate(s) that signed the certificates of "
            + server
            + ", for a private CA; empty: the JVM's default CAs.",
        group,
        ++order,
        Width.LONG,
        "Truststore path");
    target.define(
        key(TRUSTSTORE_TYPE),
        Type.STRING,
        DEFAULT_TYPE,
        new StoreTypeValidator(),
        Importance.LOW,
        "Type of the truststore: PKCS12 or JKS.",
        group,
        ++order,
        Width.SHORT,
        "Truststore type");
    target.define(
        key(TRUSTSTORE_PASSWORD),
        Type.PASSWORD,
        null,
        new OptionalPasswordValidator(),
        Importance.MEDIUM,
        "Password of the truststore; may come from a config provider.",
        group,
        ++order,
        Width.MEDIUM,
        "Truststore password");
    target.define(
        key(KEYSTORE_PATH),
        Type.STRING,
        null,
        new OptionalPathValidator(),
        Importance.MEDIUM,
        "Keystore holding this connector's client certificate and private key, for servers that"
            + " require one (a server with a CA file does by default; x.509 authentication).",
        group,
        ++order,
        Width.LONG,
        "Keystore path");
    target.define(
        key(KEYSTORE_TYPE),
        Type.STRING,
        DEFAULT_TYPE,
        new StoreTypeValidator(),
        Importance.LOW,
        "Type of the keystore: PKCS12 or JKS.",
        group,
        ++order,
        Width.SHORT,
        "Keystore type");
    target.define(
        key(KEYSTORE_PASSWORD),
        Type.PASSWORD,
        null,
        new OptionalPasswordValidator(),
        Importance.MEDIUM,
        "Password of the keystore; may come from a config provider.",
        group,
        ++order,
        Width.MEDIUM,
        "Keystore password");
    target.define(
        key(KEY_PASSWORD),
        Type.PASSWORD,
        null,
        new OptionalPasswordValidator(),
        Importance.LOW,
        "Password of the private key in the keystore when it differs from "
            + key(KEYSTORE_PASSWORD)
            + ".",
        group,
        ++order,
        Width.MEDIUM,
        "Key password");
    return target;
  }

  /**
   * The TLS context these settings describe, or null when none is set.
   *
   * @param values parsed values by full key name ({@code AbstractConfig.values()}, or the values of
   *     a validation); passwords as {@link Password}
   * @throws TlsSettingException naming the setting whose file or password cannot be used
   */
  public SSLContext sslContext(Map<String, ?> values) {
    String ca = text(values, CA_PATH);
    String truststore = text(values, TRUSTSTORE_PATH);
    String keystore = text(values, KEYSTORE_PATH);
    if (ca != null && truststore != null) {
      throw new TlsSettingException(
          key(TRUSTSTORE_PATH), "give either " + key(CA_PATH) + " or a truststore, not both");
    }
    SslContextBuilder builder = new SslContextBuilder();
    if (ca != null) {
      builder.trustPem(key(CA_PATH), ca);
    }
    if (truststore != null) {
      builder.trustStore(
          key(TRUSTSTORE_PATH),
          key(TRUSTSTORE_PASSWORD),
          truststore,
          type(values, TRUSTSTORE_TYPE),
          password(values, TRUSTSTORE_PASSWORD));
    }
    if (keystore != null) {
      builder.keyStore(
          key(KEYSTORE_PATH),
          key(KEYSTORE_PASSWORD),
          key(KEY_PASSWORD),
          keystore,
          type(values, KEYSTORE_TYPE),
          password(values, KEYSTORE_PASSWORD),
          password(values, KEY_PASSWORD));
    }
    return builder.build();
  }

  private String text(Map<String, ?> values, String suffix) {
    Object value = values.get(key(suffix));
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  private String type(Map<String, ?> values, String suffix) {
    String type = text(values, suffix);
    return type == null ? DEFAULT_TYPE : type;
  }

  private Password password(Map<String, ?> values, String suffix) {
    Object value = values.get(key(suffix));
    if (value instanceof Password password) {
      return password;
    }
    return value == null ? null : new Password(value.toString());
  }

  /** Null, or a non-blank path; whether the file is usable is checked when the context is built. */
  private static final class OptionalPathValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value != null && value.toString().isBlank()) {
        throw new ConfigException(name, value, "Leave it unset or give a file path");
      }
    }

    @Override
    public String toString() {
      return "a file path readable by the worker";
    }
  }

  /** Null, or a non-empty password; whether it opens its store is checked with the store. */
  private static final class OptionalPasswordValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value instanceof Password password && password.value().isEmpty()) {
        throw new ConfigException(name + ": leave it unset or give the password");
      }
    }

    @Override
    public String toString() {
      return "the store's password";
    }
  }

  /** A keystore type the JVM knows. */
  private static final class StoreTypeValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null) {
        return;
      }
      try {
        KeyStore.getInstance(value.toString());
      } catch (KeyStoreException e) {
        throw new ConfigException(name, value, "Use PKCS12 or JKS");
      }
    }

    @Override
    public String toString() {
      return "PKCS12, JKS";
    }
  }
}
