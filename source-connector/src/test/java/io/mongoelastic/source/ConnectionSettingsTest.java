package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The single-key and server-version checks of validation. */
class ConnectionSettingsTest {

  @Test
  void bootstrapServersMustBeHostPortPairs() {
    BootstrapServersValidator validator = BootstrapServersValidator.INSTANCE;
    validator.ensureValid("k", List.of());
    validator.ensureValid("k", List.of("broker1:9092", "10.0.0.7:19092", "[::1]:9092", "b-2.x:1"));
    for (String bad :
        List.of("::garbage::", "broker1", "broker1:0", "broker1:70000", ":9092", "a b:1")) {
      assertThatThrownBy(() -> validator.ensureValid("kafka.admin.bootstrap.servers", List.of(bad)))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("kafka.admin.bootstrap.servers")
          .hasMessageContaining("host:port");
    }
  }

  @Test
  void readsTheServerVersionFromBuildInfo() {
    assertThat(ServerVersion.fromBuildInfo(new Document("versionArray", List.of(7, 0, 12, 0))))
        .isEqualTo(new ServerVersion(7, 0));
    assertThat(ServerVersion.fromBuildInfo(new Document("version", "4.4.29-rc1")))
        .isEqualTo(new ServerVersion(4, 4));
  }

  @Test
  void theDriverNeeds42() {
    assertThat(new ServerVersion(4, 0).driverProblem()).get().asString().contains("4.2");
    assertThat(new ServerVersion(4, 2).driverProblem()).isEmpty();
    assertThat(new ServerVersion(10, 0).driverProblem()).isEmpty();
  }

  @Test
  void postImageModesNeed60() {
    ServerVersion five = new ServerVersion(5, 0);
    assertThat(five.fullDocumentProblem(FullDocumentMode.WHEN_AVAILABLE))
        .get()
        .asString()
        .contains("stream.full.document=when_available", "6.0");
    assertThat(five.fullDocumentProblem(FullDocumentMode.REQUIRED)).isPresent();
    assertThat(five.fullDocumentProblem(FullDocumentMode.UPDATE_LOOKUP)).isEmpty();
    assertThat(new ServerVersion(6, 0).fullDocumentProblem(FullDocumentMode.REQUIRED)).isEmpty();
  }
}
