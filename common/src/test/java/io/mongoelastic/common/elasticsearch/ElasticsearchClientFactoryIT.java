package io.mongoelastic.common.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import io.mongoelastic.harness.SharedServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElasticsearchClientFactoryIT {

  @Test
  void typedClientReachesARealNode() throws Exception {
    ElasticsearchConnectionConfig config =
        ElasticsearchConnectionConfig.from(
            Map.of("elasticsearch.urls", SharedServices.elasticsearch().url()));
    try (ElasticsearchClient client = ElasticsearchClientFactory.client(config)) {
      assertThat(client.cluster().health().status()).isIn(HealthStatus.Green, HealthStatus.Yellow);
    }
  }
}
