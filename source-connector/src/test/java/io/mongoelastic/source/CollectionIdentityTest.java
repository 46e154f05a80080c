package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.harness.SharedServices;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

  @Test
  void checksDueTogetherShareOneListing() throws InterruptedException {
    String database = "identities" + System.nanoTime();
    List<String> listings = new CopyOnWriteArrayList<>();
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            if (event.getCommandName().equals("listCollections")
                && event.getDatabaseName().equals(database)) {
              listings.add(event.getCommand().toJson());
            }
          }
        };
    MongoClient admin = SharedServices.mongo().client();
    admin.getDatabase(database).getCollection("a").insertOne(new Document("_id", 1));
    admin.getDatabase(database).getCollection("b").insertOne(new Document("_id", 1));
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(
                    new ConnectionString(SharedServices.mongo().connectionString()))
                .addCommandListener(listener)
                .build())) {
      CollectionUuids uuids = new CollectionUuids(client.getDatabase(database));
      CollectionIdentity a = new CollectionIdentity(uuids, database, "a", 2_000);
      CollectionIdentity b = new CollectionIdentity(uuids, database, "b", 2_000);
      CollectionIdentity missing = new CollectionIdentity(uuids, database, "missing", 2_000);

      String uuidOfA = a.check(null).current();
      String uuidOfB = b.check(null).current();
      assertThat(missing.check(null).current()).isNull();

      assertThat(uuidOfA).isNotNull().isNotEqualTo(uuidOfB);
      assertThat(uuidOfB).isNotNull();
      assertThat(listings).hasSize(1);
      assertThat(a.due()).isFalse();
      assertThat(b.due()).isFalse();
      // A replacement is seen by the next check once it is due: a new listing answers it.
      admin.getDatabase(database).getCollection("a").drop();
      admin.getDatabase(database).getCollection("a").insertOne(new Document("_id", 2));
      Thread.sleep(2_100);
      assertThat(a.due()).isTrue();
      assertThat(a.check(uuidOfA).replaced()).isTrue();
      assertThat(b.check(uuidOfB).replaced()).isFalse();
      assertThat(listings).hasSize(2);
    }
  }

  @Test
  void aCheckNowSeesAReplacementMadeAfterAnotherCollectionsListing() {
    String database = "identities" + System.nanoTime();
    MongoClient client = SharedServices.mongo().client();
    client.getDatabase(database).getCollection("a").insertOne(new Document("_id", 1));
    CollectionUuids uuids = new CollectionUuids(client.getDatabase(database));
    // Never checked, as the owner of a collection whose snapshot plan carries its UUID.
    CollectionIdentity a = new CollectionIdentity(uuids, database, "a", 60_000);
    // Another identity of the task lists the database first.
    String uuidOfA = new CollectionIdentity(uuids, database, "a", 60_000).current();
    client.getDatabase(database).getCollection("a").drop();
    client.getDatabase(database).getCollection("a").insertOne(new Document("_id", 2));

    assertThat(a.check(uuidOfA).replaced())
        .as("the periodic check may answer from the listing taken before the replacement")
        .isFalse();
    assertThat(a.checkNow(uuidOfA).replaced()).isTrue();
  }
}
