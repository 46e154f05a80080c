package io.mongoelastic.common.elasticsearch;

import io.mongoelastic.common.config.Validators;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The Elasticsearch connection block, declared once and added to the sink connector's and the
 * config provider's definitions with {@link #embedInto(ConfigDef)}. Keys carry their full {@value
 * #PREFIX} names so validation errors name exactly what the user wrote. Parse a plugin's settings
 * with {@link #from(Map)}; other keys are ignored.
 */
public final class ElasticsearchConnectionConfig extends AbstractConfig {
  public static final String PREFIX = "elasticsearch.";
  public static final String GROUP = "Elasticsearch connection";

  public static final String URLS = PREFIX + "urls";
  public static final String USERNAME = PREFIX + "username";
  public static final String PASSWORD = PREFIX + "password";
  public static final String API_KEY = PREFIX + "api.key";
  public static final String SSL_CA_PATH = PREFIX + "ssl.ca.path";
  public static final String SSL_TRUSTSTORE_PATH = PREFIX + "ssl.truststore.path";
  public static final String SSL_TRUSTSTORE_PASSWORD = PREFIX + "ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = PREFIX + "ssl.truststore.type";
  public static final String SSL_VERIFY_HOSTNAME = PREFIX + "ssl.verify.hostname";
  public static final String CONNECT_TIMEOUT_MS = PREFIX + "connect.timeout.ms";
  public static final String READ_TIMEOUT_MS = PREFIX + "read.timeout.ms";
  public static final String COMPRESSION = PREFIX + "compression";

  public static final ConfigDef CONFIG_DEF = define();

  private ElasticsearchConnectionConfig(Map<?, ?> pluginSettings) {
    super(CONFIG_DEF, pluginSettings, false);
    checkCombinations();
  }

  /**
   * Parses the {@value #PREFIX} keys of a plugin's settings.
   *
   * @throws ConfigException naming the key at fault, never showing a secret
   */
  public static ElasticsearchConnectionConfig from(Map<String, ?> pluginSettings) {
    return new ElasticsearchConnectionConfig(pluginSettings);
  }

  /** Adds the block's keys to a plugin's definition. */
  public static ConfigDef embedInto(ConfigDef target) {
    CONFIG_DEF.configKeys().values().forEach(target::define);
    return target;
  }

  private static ConfigDef define() {
    int order = 0;
    return new ConfigDef()
        .define(
            URLS,
            Type.LIST,
            "http://localhost:9200",
            Validators.httpUrls(),
            Importance.HIGH,
            "Comma-separated http(s) URLs of Elasticsearch nodes; requests are spread over them.",
            GROUP,
            ++order,
            Width.LONG,
            "Elasticsearch URLs")
        .define(
            USERNAME,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "User for HTTP basic authentication; needs the matching password. Leave unset for an"
                + " API key or an unsecured cluster.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Username")
        .define(
            PASSWORD,
            Type.PASSWORD,
            null,
            Validators.optionalNonBlankPassword(),
            Importance.MEDIUM,
            "Password for HTTP basic authentication.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Password")
        .define(
            API_KEY,
            Type.PASSWORD,
            null,
            Validators.optionalNonBlankPassword(),
            Importance.MEDIUM,
            "Elasticsearch API key, the base64 'encoded' form returned by the create-API-key call;"
                + " sent as 'Authorization: ApiKey ...'. Exclusive with username/password.",
            GROUP,
            ++order,
            Width.LONG,
            "API key")
        .define(
            SSL_CA_PATH,
            Type.STRING,
            null,
            Validators.optionalReadableFile(),
            Importance.MEDIUM,
            "PEM file with the CA certificate(s) that signed the cluster's HTTP certificate."
                + " Exclusive with the truststore settings; leave both unset to trust the JVM's"
                + " default CAs.",
            GROUP,
            ++order,
            Width.LONG,
            "CA certificate file")
        .define(
            SSL_TRUSTSTORE_PATH,
            Type.STRING,
            null,
            Validators.optionalReadableFile(),
            Importance.LOW,
            "Truststore (PKCS12 or JKS) holding the CA that signed the cluster's certificate.",
            GROUP,
            ++order,
            Width.LONG,
            "Truststore file")
        .define(
            SSL_TRUSTSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the truststore.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Truststore password")
        .define(
            SSL_TRUSTSTORE_TYPE,
            Type.STRING,
            "PKCS12",
            ConfigDef.CaseInsensitiveValidString.in("PKCS12", "JKS"),
            Importance.LOW,
            "Format of the truststore file.",
            GROUP,
            ++order,
            Width.SHORT,
            "Truststore type")
        .define(
            SSL_VERIFY_HOSTNAME,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Check that the server certificate names the host in the URL. Turn off only for test"
                + " clusters with self-signed certificates lacking the right names.",
            GROUP,
            ++order,
            Width.SHORT,
            "Verify hostname")
        .define(
            CONNECT_TIMEOUT_MS,
            Type.INT,
            5_000,
            ConfigDef.Range.between(100, 600_000),
            Importance.LOW,
            "Milliseconds to wait for a TCP connection to a node.",
            GROUP,
            ++order,
            Width.SHORT,
            "Connect timeout (ms)")
        .define(
            READ_TIMEOUT_MS,
            Type.INT,
            60_000,
            ConfigDef.Range.between(100, 3_600_000),
            Importance.LOW,
            "Milliseconds to wait for a response; a bulk request that exceeds it is retried.",
            GROUP,
            ++order,
            Width.SHORT,
            "Read timeout (ms)")
        .define(
            COMPRESSION,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Gzip request bodies. Saves network bandwidth at the cost of CPU on both ends; worth it"
                + " when the cluster is remote.",
            GROUP,
            ++order,
            Width.SHORT,
            "Compression");
  }

  private void checkCombinations() {
    boolean user = getString(USERNAME) != null && !getString(USERNAME).isBlank();
    if (user != (getPassword(PASSWORD) != null)) {
      throw new ConfigException(
          user ? PASSWORD : USERNAME,
          null,
          "Basic authentication needs both " + USERNAME + " and " + PASSWORD);
    }
    if (user && getPassword(API_KEY) != null) {
      throw new ConfigException(
          API_KEY, "(hidden)", "Use either an API key or username/password, not both");
    }
    if (getString(SSL_CA_PATH) != null && getString(SSL_TRUSTSTORE_PATH) != null) {
      throw new ConfigException(
          SSL_TRUSTSTORE_PATH,
          getString(SSL_TRUSTSTORE_PATH),
          "Give either " + SSL_CA_PATH + " or a truststore, not both");
    }
  }

  public List<URI> urls() {
    return getList(URLS).stream().map(String::trim).map(URI::create).toList();
  }

  public String username() {
    return getString(USERNAME);
  }

  public Password password() {
    return getPassword(PASSWORD);
  }

  public Password apiKey() {
    return getPassword(API_KEY);
  }

  public String caPath() {
    return getString(SSL_CA_PATH);
  }

  public String truststorePath() {
    return getString(SSL_TRUSTSTORE_PATH);
  }

  public Password truststorePassword() {
    return getPassword(SSL_TRUSTSTORE_PASSWORD);
  }

  public String truststoreType() {
    return getString(SSL_TRUSTSTORE_TYPE);
  }

  public boolean verifyHostname() {
    return getBoolean(SSL_VERIFY_HOSTNAME);
  }

  public int connectTimeoutMs() {
    return getInt(CONNECT_TIMEOUT_MS);
  }

  public int readTimeoutMs() {
    return getInt(READ_TIMEOUT_MS);
  }

  public boolean compression() {
    return getBoolean(COMPRESSION);
  }
}
