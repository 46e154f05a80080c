package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.io.File;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The docker-compose stack end to end (profile {@code compose}): the containers users would run,
 * with the plugins built by this build. Skipped with a message where no Docker engine runs.
 */
class ComposeStackIT {
  private static ComposeContainer compose;

  @BeforeAll
  static void startStack() {
    Assumptions.assumeTrue(
        DockerClientFactory.instance().isDockerAvailable(),
        "No Docker engine here: the compose profile's tests are skipped."
            + " The embedded end-to-end ITs cover the same pipeline without Docker.");
    compose =
        new ComposeContainer(new File(System.getProperty("mongoelastic.compose.file")))
            .withExposedService("mongo", 27017, Wait.forHealthcheck())
            .withExposedService("elasticsearch", 9200, Wait.forHealthcheck())
            .withExposedService("connect", 8083, Wait.forHealthcheck())
            .withStartupTimeout(Duration.ofMinutes(10));
    compose.start();
  }

  @AfterAll
  static void stopStack() {
    if (compose != null) {
      compose.stop();
    }
  }

  @Test
  void mirrorsInsertsAndDeletesIntoElasticsearch() {
    String mongoUri =
        "mongodb://"
            + compose.getServiceHost("mongo", 27017)
            + ":"
            + compose.getServicePort("mongo", 27017)
            + "/?directConnection=true";
    ElasticsearchProbe es =
        new ElasticsearchProbe(
            "http://"
                + compose.getServiceHost("elasticsearch", 9200)
                + ":"
                + compose.getServicePort("elasticsearch", 9200));
    try (MongoClient client = MongoClients.create(mongoUri)) {
      MongoCollection<Document> products = client.getDatabase("shop").getCollection("products");
      for (int i = 0; i < 100; i++) {
        products.insertOne(new Document("sku", i).append("name", "item " + i));
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .untilAsserted(() -> assertThat(es.count("mongodb.shop.products")).isEqualTo(100));
      products.deleteOne(new Document("sku", 7));
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(() -> assertThat(es.count("mongodb.shop.products")).isEqualTo(99));
    }
  }
}
