package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.embedded.FailPoints;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StartPoint;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command the snapshot bound is read with, as the driver sends it to the embedded server. That
 * server ignores read concerns, so only the command shows that a real replica set would wait for
 * every write before the stream's start.
 */
class SnapshotBoundReadTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();

  private final String appName = "bound-read-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<BsonDocument> finds = new CopyOnWriteArrayList<>();
  private final MongoClient client =
      MongoClients.create(
          MongoClientSettings.builder()
              .applyConnectionString(new ConnectionString(MONGO.connectionString()))
              .applicationName(appName)
              .addCommandListener(
                  new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                      if ("find".equals(event.getCommandName())) {
                        finds.add(event.getCommand().clone());
                      }
                    }
                  })
              .build());
  private final String database = "boundread" + System.nanoTime();

  @AfterEach
  void close() {
    MONGO.server().failPoints().off(FailPoints.FAIL_COMMAND);
    client.close();
  }

  private MongoCollection<BsonDocument> filled(String name) {
    MongoCollection<BsonDocument> coll =
        client.getDatabase(database).getCollection(name, BsonDocument.class);
    coll.insertMany(
        List.of(
            new BsonDocument("_id", new BsonInt32(1)), new BsonDocument("_id", new BsonInt32(2))));
    return coll;
  }

  /** The find that read the bound: sorted by _id descending. */
  private BsonDocument boundFind() {
    List<BsonDocument> bound =
        finds.stream()
            .filter(f -> f.getDocument("sort", new BsonDocument()).containsKey("_id"))
            .filter(f -> f.getDocument("sort").getNumber("_id").intValue() == -1)
            .toList();
    assertThat(bound).as("finds of the bound").hasSize(1);
    return bound.get(0);
  }

  private static BsonTimestamp afterClusterTime(BsonDocument find) {
    BsonDocument readConcern = find.getDocument("readConcern");
    assertThat(readConcern.getString("level").getValue()).isEqualTo("majority");
    return readConcern.getTimestamp("afterClusterTime");
  }

  @Test
  void thePlannersBoundReadIsAMajorityReadAfterTheStartPointAndItsTokensTime() {
    filled("c");

    SnapshotPlan plan =
        new SnapshotPlanner(client, database).plan("c", SnapshotReason.INITIAL, 1, 10);

    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonInt32(2)));
    BsonTimestamp after = afterClusterTime(boundFind());
    assertThat(after).isGreaterThanOrEqualTo(plan.startAt()).isEqualTo(plan.readAfter());
    BsonTimestamp tokenTime = ResumeTokenTime.of(plan.startToken());
    if (tokenTime != null) {
      assertThat(after).isGreaterThanOrEqualTo(tokenTime);
    }
    assertThat(boundFind().getNumber("maxTimeMS").longValue()).isEqualTo(SnapshotBound.MAX_TIME_MS);
  }

  @Test
  void aStartPointWhoseTokenIsLaterThanItsOperationTimeIsReadAfterTheToken() {
    MongoCollection<BsonDocument> coll = filled("c");
    // A high-water mark at Timestamp(0x6553F101, 1), with an operation time long before it.
    BsonDocument token =
        new BsonDocument("_data", new BsonString("826553F10100000001012B0229296E04"));
    StartPoint start = new StartPoint(new BsonTimestamp(1, 0), token);

    SnapshotBound.read(client, coll, start.readAfter());

    assertThat(afterClusterTime(boundFind())).isEqualTo(new BsonTimestamp(0x6553F101, 1));
  }

  @Test
  void aFailedBoundReadNamesTheCollection() {
    MongoCollection<BsonDocument> coll = filled("named");
    // MaxTimeMSExpired, as a majority read waiting on a stalled majority commit point ends.
    MONGO.server().failPoints().failCommand("find").appName(appName).errorCode(50).times(1);

    assertThatThrownBy(() -> SnapshotBound.read(client, coll, new BsonTimestamp(1, 0)))
        .isInstanceOf(MongoExecutionTimeoutException.class)
        .hasMessageContaining("highest _id of " + database + ".named")
        .hasMessageContaining("majority of the replica set")
        // Retried by the snapshot's readers: a task re-snapshotting waits, it does not fail.
        .satisfies(e -> assertThat(MongoErrorClassifier.isTransient(e, Read.SNAPSHOT)).isTrue());
    // The next attempt (the readers' retry, or Connect's of the planning) reads it.
    assertThat(SnapshotBound.read(client, coll, new BsonTimestamp(1, 0)))
        .isEqualTo(new SnapshotBound(new BsonInt32(2)));
  }

  @Test
  void aServerErrorTheReadersWouldNotRetryNamesTheCollection() {
    MongoCollection<BsonDocument> coll = filled("refused");
    // Unauthorized: the user may not read the collection.
    MONGO.server().failPoints().failCommand("find").appName(appName).errorCode(13).times(1);

    assertThatThrownBy(() -> SnapshotBound.read(client, coll, new BsonTimestamp(1, 0)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("highest _id of " + database + ".refused");
  }
}
