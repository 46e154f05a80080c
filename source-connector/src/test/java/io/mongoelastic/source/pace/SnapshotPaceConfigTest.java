package io.mongoelastic.source.pace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SnapshotPaceConfigTest {

  private static Map<String, ConfigValue> values(String group, List<String> servers) {
    return Map.of(
        SnapshotPaceConfig.CONSUMER_GROUP,
        new ConfigValue(SnapshotPaceConfig.CONSUMER_GROUP, group, List.of(), new ArrayList<>()),
        SnapshotPaceConfig.ADMIN_BOOTSTRAP_SERVERS,
        new ConfigValue(
            SnapshotPaceConfig.ADMIN_BOOTSTRAP_SERVERS, servers, List.of(), new ArrayList<>()));
  }

  @Test
  void pacingWithoutAdminBootstrapServersIsRefusedOnTheGroupKey() {
    Map<String, ConfigValue> byName = values("connect-es-sink", List.of());
    SnapshotPaceConfig.validate(byName);
    assertThat(byName.get(SnapshotPaceConfig.CONSUMER_GROUP).errorMessages())
        .singleElement()
        .asString()
        .contains("kafka.admin.bootstrap.servers");
  }

  @Test
  void noGroupOrServersSetIsAccepted() {
    Map<String, ConfigValue> unpaced = values("", List.of());
    Map<String, ConfigValue> paced = values("connect-es-sink", List.of("localhost:9092"));
    SnapshotPaceConfig.validate(unpaced);
    SnapshotPaceConfig.validate(paced);
    assertThat(unpaced.get(SnapshotPaceConfig.CONSUMER_GROUP).errorMessages()).isEmpty();
    assertThat(paced.get(SnapshotPaceConfig.CONSUMER_GROUP).errorMessages()).isEmpty();
  }
}
