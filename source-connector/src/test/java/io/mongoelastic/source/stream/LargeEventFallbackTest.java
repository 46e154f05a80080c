package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.harness.SharedServices;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The read of an event too large to read whole, against a real server (the embedded one): the
 * document is fetched where the event's write is visible, and lost history stays lost history.
 */
class LargeEventFallbackTest {
  private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();
  private final String appName = "fallback-" + UUID.randomUUID().toString().substring(0, 8);

  /** A client whose default reads go to secondaries, as a URI may say. */
  private MongoClient secondaryPreferringClient() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommand().clone());
          }
        };
    String uri = SharedServices.mongo().connectionString();
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(
                new ConnectionString(uri + "&readPreference=secondaryPreferred&appName=" + appName))
            .addCommandListener(listener)
            .build());
  }

  private static LargeEventFallback fallback(MongoClient client, MongoCollection<BsonDocument> c) {
    return new LargeEventFallback(
        client, c, List.of(), FullDocument.UPDATE_LOOKUP, Duration.ofSeconds(2));
  }

  private static StreamPosition before(MongoClient client, String database) {
    StartPoint start = new StartPointReader(client).capture(database, "c");
    return start.resumeToken() != null
        ? StreamPosition.after(start.resumeToken(), false)
        : StreamPosition.at(
            new BsonTimestamp(start.operationTime().getTime(), start.operationTime().getInc() + 1));
  }

  @Test
  void fetchesTheDocumentOnThePrimaryWithMajorityReadConcernAfterTheEventsClusterTime() {
    String database = "fallback" + System.nanoTime();
    try (MongoClient client = secondaryPreferringClient()) {
      MongoCollection<BsonDocument> coll =
          client.getDatabase(database).getCollection("c", BsonDocument.class);
      coll.insertOne(new BsonDocument("_id", new BsonInt32(0)));
      StreamPosition position = before(client, database);
      coll.insertOne(new BsonDocument("_id", new BsonInt32(1)).append("v", new BsonInt32(7)));
      commands.clear();

      ChangeStreamDocument<BsonDocument> event = fallback(client, coll).readNext(position);

      assertThat(event).isNotNull();
      assertThat(event.getFullDocument().getInt32("v").getValue()).isEqualTo(7);
      List<BsonDocument> finds = commands.stream().filter(c -> c.containsKey("find")).toList();
      assertThat(finds).hasSize(1);
      BsonDocument find = finds.get(0);
      BsonDocument readConcern = find.getDocument("readConcern");
      assertThat(readConcern.getString("level").getValue()).isEqualTo("majority");
      assertThat(readConcern.getTimestamp("afterClusterTime"))
          .isGreaterThanOrEqualTo(event.getClusterTime());
      // The driver leaves $readPreference out for primary reads.
      assertThat(find.containsKey("$readPreference")).isFalse();
    }
  }

  @Test
  void reportsLostHistoryAsLostHistory() {
    String database = "fallbacklost" + System.nanoTime();
    MongoClient admin = SharedServices.mongo().client();
    try (MongoClient client = secondaryPreferringClient()) {
      MongoCollection<BsonDocument> coll =
          client.getDatabase(database).getCollection("c", BsonDocument.class);
      coll.insertOne(new BsonDocument("_id", new BsonInt32(0)));
      StreamPosition position = before(client, database);
      admin
          .getDatabase("admin")
          .runCommand(
              new Document("configureFailPoint", "failCommand")
                  .append("mode", new Document("times", 1))
                  .append(
                      "data",
                      new Document("failCommands", List.of("aggregate"))
                          .append("errorCode", 286)
                          .append("appName", appName)));
      try {
        assertThatThrownBy(() -> fallback(client, coll).readNext(position))
            .isInstanceOf(HistoryLostException.class)
            .hasMessageContaining(database + ".c");
      } finally {
        admin
            .getDatabase("admin")
            .runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
      }
    }
  }
}
