package io.mongoelastic.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.harness.TestKeyStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigBlockTest {
  private static final TlsConfigBlock BLOCK = new TlsConfigBlock("mongodb.");
  private static final String SECRET = "s3cr3t-store-pw";

  @TempDir static Path folder;
  private static TestKeyStores stores;

  @BeforeAll
  static void makeStores() {
    stores = TestKeyStores.create(folder.resolve("tls"), SECRET);
  }

  private static Map<String, Object> values() {
    return new HashMap<>();
  }

  @Test
  void definesPrefixedKeysWithPasswordsAsPasswordType() {
    ConfigDef def = BLOCK.embedInto(new ConfigDef(), "TLS", "the servers");
    assertThat(def.names())
        .contains(
            "mongodb.ssl.truststore.path", "mongodb.ssl.keystore.path", "mongodb.ssl.ca.path");
    for (String key :
        new String[] {
          "mongodb.ssl.truststore.password",
          "mongodb.ssl.keystore.password",
          "mongodb.ssl.key.password"
        }) {
      assertThat(def.configKeys().get(key).type).as(key).isEqualTo(ConfigDef.Type.PASSWORD);
    }
    for (ConfigKey key : def.configKeys().values()) {
      assertThat(key.documentation).as(key.name).isNotBlank();
      assertThat(key.displayName).as(key.name).isNotBlank();
    }
    // Parsed as Connect parses them: defaults apply, passwords arrive as Password.
    Map<String, Object> parsed =
        def.parse(
            Map.of(
                "mongodb.ssl.truststore.path",
                stores.truststore().toString(),
                "mongodb.ssl.truststore.password",
                SECRET));
    assertThat(BLOCK.sslContext(parsed)).isNotNull();
  }

  @Test
  void nothingSetMeansNoContext() {
    assertThat(BLOCK.sslContext(values())).isNull();
  }

  @Test
  void buildsAContextFromATruststoreAndAClientKeystore() throws Exception {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.truststore.path", stores.truststore().toString());
    values.put("mongodb.ssl.truststore.password", new Password(SECRET));
    values.put("mongodb.ssl.keystore.path", stores.keystore().toString());
    values.put("mongodb.ssl.keystore.password", new Password(SECRET));
    SSLContext context = BLOCK.sslContext(values);
    assertThat(context.getProtocol()).isEqualTo("TLS");
    assertThat(context.createSSLEngine().getSSLParameters()).isNotNull();
  }

  @Test
  void buildsAContextFromAPemCa() {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.ca.path", stores.certificatePem().toString());
    assertThat(BLOCK.sslContext(values)).isNotNull();
  }

  @Test
  void aWrongTruststorePasswordIsReportedOnThePasswordKeyWithoutThePassword() {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.truststore.path", stores.truststore().toString());
    values.put("mongodb.ssl.truststore.password", new Password("not-" + SECRET));
    assertThatThrownBy(() -> BLOCK.sslContext(values))
        .isInstanceOfSatisfying(
            TlsSettingException.class,
            e -> assertThat(e.key()).isEqualTo("mongodb.ssl.truststore.password"))
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aWrongKeystorePasswordIsReportedOnThePasswordKey() {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.keystore.path", stores.keystore().toString());
    values.put("mongodb.ssl.keystore.password", new Password("wrong"));
    assertThatThrownBy(() -> BLOCK.sslContext(values))
        .isInstanceOfSatisfying(
            TlsSettingException.class,
            e -> assertThat(e.key()).isEqualTo("mongodb.ssl.keystore.password"))
        .hasMessageNotContaining("wrong");
  }

  @Test
  void aWrongKeyPasswordIsReportedOnTheKeyPasswordKey() {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.keystore.path", stores.keystore().toString());
    values.put("mongodb.ssl.keystore.password", new Password(SECRET));
    values.put("mongodb.ssl.key.password", new Password("other"));
    assertThatThrownBy(() -> BLOCK.sslContext(values))
        .isInstanceOfSatisfying(
            TlsSettingException.class,
            e -> assertThat(e.key()).isEqualTo("mongodb.ssl.key.password"));
  }

  @Test
  void aMissingFileOrAWrongFormatIsReportedOnThePathKey() throws Exception {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.truststore.path", folder.resolve("absent.p12").toString());
    assertThatThrownBy(() -> BLOCK.sslContext(values))
        .isInstanceOfSatisfying(
            TlsSettingException.class,
            e -> assertThat(e.key()).isEqualTo("mongodb.ssl.truststore.path"))
        .hasMessageContaining("not a readable file");

    Path garbage = Files.writeString(folder.resolve("garbage.pem"), "not a certificate");
    Map<String, Object> pem = values();
    pem.put("mongodb.ssl.ca.path", garbage.toString());
    assertThatThrownBy(() -> BLOCK.sslContext(pem))
        .isInstanceOfSatisfying(
            TlsSettingException.class, e -> assertThat(e.key()).isEqualTo("mongodb.ssl.ca.path"));
  }

  @Test
  void aCaFileAndATruststoreTogetherAreRefused() {
    Map<String, Object> values = values();
    values.put("mongodb.ssl.ca.path", stores.certificatePem().toString());
    values.put("mongodb.ssl.truststore.path", stores.truststore().toString());
    assertThatThrownBy(() -> BLOCK.sslContext(values))
        .isInstanceOfSatisfying(
            TlsSettingException.class,
            e -> assertThat(e.key()).isEqualTo("mongodb.ssl.truststore.path"));
  }
}
