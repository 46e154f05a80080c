package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoelastic.harness.SharedServices;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The UUID check against a real server (the embedded one). */
class CollectionIdentityTest {
  @Test
  void aCheckThatFailedIsStillDue() {
    String database = "identity" + System.nanoTime();
    String appName = "identity-" + System.nanoTime();
    MongoClient admin = SharedServices.mongo().client();
    admin.getDatabase(database).getCollection("c").insertOne(new Document("_id", 1));
    try (MongoClient client =
        MongoClients.create(SharedServices.mongo().connectionString() + "&appName=" + appName)) {
      CollectionIdentity identity =
          new CollectionIdentity(client.getDatabase(database), "c", 60_000);
      admin
          .getDatabase("admin")
          .runCommand(
              new Document("configureFailPoint", "failCommand")
                  .append("mode", new Document("times", 2))
                  .append(
                      "data",
                      new Document("failCommands", List.of("listCollections"))
                          .append("errorCode", 91)
                          .append("appName", appName)));
      try {
        assertThatThrownBy(() -> identity.check("old-uuid")).isInstanceOf(MongoException.class);
      } finally {
        admin
            .getDatabase("admin")
            .runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
      }
      // Not an answer: the next step checks again rather than waiting for the interval.
      assertThat(identity.due()).isTrue();
      assertThat(identity.check(null).current()).isNotNull();
      assertThat(identity.due()).isFalse();
    }
  }
}
