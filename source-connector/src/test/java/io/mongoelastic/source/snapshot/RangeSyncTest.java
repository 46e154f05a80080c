package io.mongoelastic.source.snapshot;

import static io.mongoelastic.source.snapshot.RangeSyncFixture.assertLastRecordsEqual;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.indexOfProgress;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.key;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.lastPerKey;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.stepUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.stream.ResumeTokenTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The life of one range's stream against a real server: it follows the range's changes while the
 * range is read, outlives the read until every range is read, and closes early when the snapshot is
 * doomed. Chunk races: {@link RangeSyncChunkTest}; the collection's end: {@link
 * RangeSyncCollectionEndTest}.
 */
@Timeout(60)
class RangeSyncTest {
  private final RangeSyncFixture fixture = new RangeSyncFixture("range-sync-test", 1);
  private final MongoCollection<Document> collection = fixture.collection();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void changesArriveWhileTheRangeIsReadAndTheStreamOutlivesTheReadUntilEveryRangeIsRead()
      throws Exception {
    fixture.insert(40);
    AtomicBoolean everyRangeRead = new AtomicBoolean();
    RangeSync range = fixture.start(10, everyRangeRead::get);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 1, () -> !lastPerKey(out).isEmpty());
    // The last document of the range, not read yet, changes while the first chunk is sent.
    collection.updateOne(Filters.eq("_id", 39), Updates.set("v", 7));
    stepUntil(range, out, 1, () -> indexOfProgress(out, false) >= 0);
    int readDone = indexOfProgress(out, false);
    int change = -1;
    for (int i = 0; i < out.size(); i++) {
      if (key(39).equals(out.get(i).key())
          && "7".equals(String.valueOf(((Map<?, ?>) out.get(i).value()).get("v")))) {
        change = i;
      }
    }
    assertThat(change).as("the change arrived before the read was done").isBetween(0, readDone);

    // Read done, other ranges still read: the stream goes on.
    BsonTimestamp lastChange;
    try (ClientSession session = SharedServices.mongo().client().startSession()) {
      collection.updateOne(session, Filters.eq("_id", 3), Updates.set("v", 8));
      lastChange = session.getOperationTime();
    }
    stepUntil(range, out, 50, () -> "8".equals(String.valueOf(lastPerKey(out).get(key(3)))));
    assertThat(range.closed()).isFalse();

    everyRangeRead.set(true);
    stepUntil(range, out, 50, range::closed);
    assertLastRecordsEqual(fixture.mongoState(), out);
    RangeOffset closed = RangeOffset.fromMap(out.get(indexOfProgress(out, true)).sourceOffset());
    assertThat(closed.done()).isTrue();
    BsonTimestamp handover = ResumeTokenTime.of(closed.resumeToken());
    // The collection's stream takes over at or after the last change this range sent.
    assertThat(handover).isNotNull().isGreaterThanOrEqualTo(lastChange);
    int before = out.size();
    assertThat(range.step(out, 50)).isFalse();
    assertThat(out).hasSize(before);
  }

  @Test
  void aRangeWithoutAllowanceStillFollowsItsStream() throws Exception {
    fixture.insert(10);
    RangeSync range = fixture.start(10, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 1, () -> !out.isEmpty());
    collection.updateOne(Filters.eq("_id", 5), Updates.set("v", 6));

    // Other ranges filled the poll: no allowance left, yet the change flows.
    stepUntil(range, out, 0, () -> "6".equals(String.valueOf(lastPerKey(out).get(key(5)))));
    assertThat(range.done()).as("no row read without allowance").isFalse();
  }

  @Test
  void aRangeStillReadingClosesWhenAnotherRangeLostItsHistory() throws Exception {
    // Enough rows that the range cannot copy them all between two checks.
    fixture.insert(200);
    AtomicBoolean lost = new AtomicBoolean();
    RangeSync range = fixture.start(10, () -> false, lost::get);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 1, () -> !out.isEmpty());

    lost.set(true);
    stepUntil(range, out, 1, range::closed);

    RangeOffset closed = RangeOffset.fromMap(out.get(indexOfProgress(out, true)).sourceOffset());
    assertThat(closed.closed()).isTrue();
    assertThat(closed.done()).as("closed before the rest was copied").isFalse();
    assertThat(lastPerKey(out)).as("rows sent").hasSizeLessThan(200);
    int before = out.size();
    assertThat(range.step(out, 50)).isFalse();
    assertThat(out).hasSize(before);
  }
}
