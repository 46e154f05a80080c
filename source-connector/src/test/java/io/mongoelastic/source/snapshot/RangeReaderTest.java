package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.record.BsonValueMapper;
import io.mongoelastic.source.record.MappedDocument;
import io.mongoelastic.source.record.MappedDocumentCodec;
import io.mongoelastic.source.stream.StartPointReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.bson.BsonJavaScript;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.Test;

/** A range reader against a real server (the embedded one unless -Dmongodb.it.uri names one). */
class RangeReaderTest {
  private final List<BsonDocument> commands = new CopyOnWriteArrayList<>();

  private MongoClient listenedClient() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            commands.add(event.getCommand().clone());
          }
        };
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(SharedServices.mongo().connectionString()))
            .addCommandListener(listener)
            .build());
  }

  private static MongoCollection<MappedDocument> mapped(MongoClient client, String db, String c) {
    return client
        .getDatabase(db)
        .getCollection(c, MappedDocument.class)
        .withCodecRegistry(
            CodecRegistries.fromCodecs(new MappedDocumentCodec(new BsonValueMapper())));
  }

  @Test
  void readsEveryDocumentWithMajorityReadConcernAfterTheSnapshotsStartPoint() {
    String database = "rangereader" + System.nanoTime();
    try (MongoClient client = listenedClient()) {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        docs.add(new Document("_id", i));
      }
      client.getDatabase(database).getCollection("c").insertMany(docs);
      BsonTimestamp startAt = new StartPointReader(client).capture(database, "c").operationTime();
      commands.clear();

      List<Object> ids = new ArrayList<>();
      try (RangeReader reader =
          new RangeReader(
              client, mapped(client, database, "c"), new IdRange(null, null), null, 10, startAt)) {
        for (List<MappedDocument> batch = reader.nextBatch();
            !batch.isEmpty();
            batch = reader.nextBatch()) {
          batch.forEach(d -> ids.add(d.id().asInt32().getValue()));
        }
      }

      assertThat(ids).hasSize(25).doesNotHaveDuplicates();
      List<BsonDocument> finds = commands.stream().filter(c -> c.containsKey("find")).toList();
      assertThat(finds).isNotEmpty();
      assertThat(finds.get(0).getDocument("readConcern").getTimestamp("afterClusterTime"))
          .isEqualTo(startAt);
      for (BsonDocument find : finds) {
        BsonDocument readConcern = find.getDocument("readConcern");
        assertThat(readConcern.getString("level").getValue()).isEqualTo("majority");
        // Later queries may wait for a later time the session has seen since, never an earlier.
        assertThat(readConcern.getTimestamp("afterClusterTime")).isGreaterThanOrEqualTo(startAt);
        assertThat(find.containsKey("lsid")).isTrue();
      }
      // One session for the whole range: every query and getMore carries the same id.
      assertThat(
              commands.stream()
                  .filter(c -> c.containsKey("find") || c.containsKey("getMore"))
                  .map(c -> c.getDocument("lsid"))
                  .distinct())
          .hasSize(1);
    }
  }

  @Test
  void readsTheWholeUnsortedBracketAgainAfterAnErrorInsideIt() {
    String database = "rangeother" + System.nanoTime();
    String appName = "range-other-" + System.nanoTime();
    MongoClient admin = SharedServices.mongo().client();
    List<BsonDocument> docs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      docs.add(new BsonDocument("_id", new BsonJavaScript("function() { return " + i + "; }")));
    }
    admin.getDatabase(database).getCollection("c", BsonDocument.class).insertMany(docs);
    try (MongoClient client =
        MongoClients.create(SharedServices.mongo().connectionString() + "&appName=" + appName)) {
      Set<String> ids = new HashSet<>();
      try (RangeReader reader =
          new RangeReader(
              client, mapped(client, database, "c"), new IdRange(null, null), null, 2, null)) {
        reader.nextBatch().forEach(d -> ids.add(d.id().asJavaScript().getCode()));
        admin
            .getDatabase("admin")
            .runCommand(
                new Document("configureFailPoint", "failCommand")
                    .append("mode", new Document("times", 1))
                    .append(
                        "data",
                        new Document("failCommands", List.of("getMore"))
                            .append("errorCode", 91)
                            .append("appName", appName)));
        assertThatThrownBy(reader::nextBatch).isInstanceOf(MongoException.class);
        for (List<MappedDocument> batch = reader.nextBatch();
            !batch.isEmpty();
            batch = reader.nextBatch()) {
          batch.forEach(d -> ids.add(d.id().asJavaScript().getCode()));
        }
      } finally {
        admin
            .getDatabase("admin")
            .runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
      }
      assertThat(ids).hasSize(7);
    }
  }
}
