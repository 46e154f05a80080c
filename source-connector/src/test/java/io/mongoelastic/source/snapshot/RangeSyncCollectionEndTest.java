package io.mongoelastic.source.snapshot;

import static io.mongoelastic.source.snapshot.RangeSyncFixture.dataValues;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.indexOfProgress;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.lastPerKey;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.operationTime;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.stepUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.stream.ResumeTokenTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A range whose collection ends (dropped, replaced, renamed away) while the range is read, against
 * a real server: the range ends at the invalidate and sends nothing of a collection re-created
 * under the name.
 */
@Timeout(60)
class RangeSyncCollectionEndTest {
  private final RangeSyncFixture fixture = new RangeSyncFixture("range-sync-end-test", 1);
  private final MongoCollection<Document> collection = fixture.collection();

  @AfterEach
  void close() {
    fixture.close();
  }

  /** Drops the collection and creates it again with ids 0 to 59 at v=9; returns the drop time. */
  private BsonTimestamp dropAndRecreate() {
    BsonTimestamp dropped = operationTime(session -> collection.drop(session));
    List<Document> recreated = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      recreated.add(new Document("_id", i).append("v", 9));
    }
    collection.insertMany(recreated);
    return dropped;
  }

  /** The range closed by itself at the invalidate following the event at {@code ended}. */
  private static void assertClosedAtTheEndOfTheCollection(
      RangeSync range, List<SourceRecord> out, BsonTimestamp ended) {
    RangeOffset closed = RangeOffset.fromMap(out.get(indexOfProgress(out, true)).sourceOffset());
    assertThat(closed.done()).isTrue();
    assertThat(closed.historyLost()).isFalse();
    assertThat(closed.startAfter())
        .as("an invalidate token: the next stream starts after it")
        .isTrue();
    assertThat(ResumeTokenTime.of(closed.resumeToken())).isEqualTo(ended);
    int before = out.size();
    assertThat(range.step(out, 50)).isFalse();
    assertThat(out).hasSize(before);
  }

  @Test
  void aCollectionDroppedAndRecreatedWhileARangeIsReadEndsTheRangeAtTheDrop() throws Exception {
    fixture.insert(60);
    // Range 0 holds ids below 40: its stream has a $match on documentKey._id.
    RangeSync range = fixture.start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    BsonTimestamp dropped = dropAndRecreate();
    List<SourceRecord> out = new ArrayList<>();

    // One event per step: the drop comes first while a chunk of the re-created collection is read,
    // which is then held (the stream is not past its read) until the invalidate.
    range.step(out, 1);
    fixture.awaitReadsDone(1);
    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).as("nothing of the re-created collection").doesNotContain("9");
    assertClosedAtTheEndOfTheCollection(range, out, dropped);
  }

  @Test
  void aCollectionReplacedWhileARangesQueryIsOpenEndsTheRangeAtTheDrop() throws Exception {
    fixture.insert(60);
    RangeSync range = fixture.start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    // The first chunk is taken and the second read ahead: the range's query is open.
    stepUntil(range, out, 1, () -> !lastPerKey(out).isEmpty());
    fixture.awaitReadsDone(2);
    BsonTimestamp dropped = dropAndRecreate();

    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).as("nothing of the re-created collection").doesNotContain("9");
    assertClosedAtTheEndOfTheCollection(range, out, dropped);
  }

  @Test
  void aCollectionRenamedAwayWhileARangeIsReadEndsTheRangeAtTheRename() throws Exception {
    fixture.insert(60);
    RangeSync range = fixture.start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 1, () -> !lastPerKey(out).isEmpty());
    BsonTimestamp renamed =
        operationTime(
            session ->
                collection.renameCollection(
                    session, new MongoNamespace(fixture.database(), "moved")));

    // Other ranges are still read (allRead is false): only the rename closes this one.
    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).doesNotContain("9");
    assertClosedAtTheEndOfTheCollection(range, out, renamed);
  }
}
