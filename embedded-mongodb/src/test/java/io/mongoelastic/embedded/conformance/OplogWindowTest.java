package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import java.util.Date;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The oplog window as tools read it (MongoDB manual, "Replica Set Oplog": local.oplog.rs in natural
 * order; each entry has the timestamp {@code ts} and, since 4.2, the wall-clock {@code wall}): the
 * first entry in {@code $natural: 1} order is the oldest, in {@code $natural: -1} order the newest,
 * and a write just made is at or before the newest.
 */
class OplogWindowTest extends ConformanceTest {
  @Test
  void firstAndLastNaturalEntriesAreTheOldestAndNewestWithTsAndWall() {
    MongoCollection<Document> items = target.client().getDatabase("oplogwindow").getCollection("c");
    BsonTimestamp written;
    try (ClientSession session = target.client().startSession()) {
      items.insertOne(session, new Document("_id", System.nanoTime()));
      written = session.getOperationTime();
    }
    MongoCollection<Document> oplog =
        target.client().getDatabase("local").getCollection("oplog.rs");

    Document oldest = oplog.find().sort(new Document("$natural", 1)).limit(1).first();
    Document newest = oplog.find().sort(new Document("$natural", -1)).limit(1).first();

    assertThat(oldest).isNotNull();
    assertThat(newest).isNotNull();
    assertThat(oldest.get("ts")).isInstanceOf(BsonTimestamp.class);
    assertThat(oldest.get("wall")).isInstanceOf(Date.class);
    assertThat(newest.get("wall")).isInstanceOf(Date.class);
    BsonTimestamp oldestTs = oldest.get("ts", BsonTimestamp.class);
    BsonTimestamp newestTs = newest.get("ts", BsonTimestamp.class);
    assertThat(oldestTs.compareTo(newestTs)).isLessThanOrEqualTo(0);
    assertThat(newest.getDate("wall")).isAfterOrEqualTo(oldest.getDate("wall"));
    if (written != null) {
      assertThat(newestTs.compareTo(written)).isGreaterThanOrEqualTo(0);
    }
    assertThat(newest.getString("op")).isNotBlank();
  }
}
