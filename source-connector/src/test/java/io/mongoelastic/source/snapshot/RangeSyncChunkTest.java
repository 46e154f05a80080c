package io.mongoelastic.source.snapshot;

import static io.mongoelastic.source.snapshot.RangeSyncFixture.assertLastRecordsEqual;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.hasValue;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.indexOfProgress;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.key;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.lastPerKey;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.rowsOfV;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.stepUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A range's chunks against a real server: reads never hold up the range's stream, and a chunk row
 * never overtakes a change of its document, whatever the read and the change race to.
 */
@Timeout(60)
class RangeSyncChunkTest {
  private final RangeSyncFixture fixture = new RangeSyncFixture("range-sync-chunk-test", 1);
  private final MongoCollection<Document> collection = fixture.collection();

  @AfterEach
  void close() {
    fixture.close();
  }

  // On a thread of its own: a step stuck waiting for the held read fails the test at the timeout,
  // and closing the fixture then lets the read go.
  @Test
  @Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
  void changesFlowWhileAChunkIsStillBeingRead() throws Exception {
    fixture.insert(30);
    // A slow server: the first chunk's read does not complete until the test lets it.
    fixture.holdReads();
    RangeSync range = fixture.start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    range.step(out, 10);
    collection.updateOne(Filters.eq("_id", 25), Updates.set("v", 7));

    // The chunk's read is held until released below: the change came while it was under way.
    stepUntil(range, out, 10, () -> hasValue(out, key(25), "7"));

    assertThat(fixture.readsHeld()).as("reads asked for").isEqualTo(1);
    assertThat(rowsOfV(out, "0")).as("rows sent before their chunk was read").isZero();
    fixture.releaseReads();
    stepUntil(range, out, 10, () -> indexOfProgress(out, false) >= 0);
    assertLastRecordsEqual(fixture.mongoState(), out);
  }

  @Test
  void aPacedRangeTakesNoChunkWhileItsChangesFlowAndSendsTheChunkReadAheadAtOnceWhenReopened()
      throws Exception {
    fixture.insert(40);
    RangeSync range = fixture.start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 10, () -> rowsOfV(out, "0") >= 10);
    fixture.paced.set(true);
    // The read ahead started when the first chunk was taken ends.
    fixture.awaitReadsDone(2);
    int reads = fixture.readsAsked();
    int rows = rowsOfV(out, "0");

    collection.updateOne(Filters.eq("_id", 35), Updates.set("v", 9));
    stepUntil(range, out, 10, () -> rowsOfV(out, "9") == 1);
    for (int i = 0; i < 20; i++) {
      range.step(out, 10);
    }
    assertThat(fixture.readsAsked()).as("snapshot reads while paced").isEqualTo(reads);
    assertThat(rowsOfV(out, "0")).as("snapshot rows while paced").isEqualTo(rows);

    fixture.paced.set(false);
    // The chunk read ahead before the pause is older than everything the stream returned since:
    // the first step sends it, without reading or waiting for the stream on the task thread.
    range.step(out, 10);
    assertThat(rowsOfV(out, "0"))
        .as("snapshot rows of the first step after the pause")
        .isGreaterThan(rows);
    stepUntil(range, out, 10, () -> indexOfProgress(out, false) >= 0);
    assertLastRecordsEqual(fixture.mongoState(), out);
  }

  @Test
  void aChunkReadBeforeItsDocumentsChangedNeverOvertakesTheirChanges() throws Exception {
    fixture.insert(30);
    RangeSync range = fixture.start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    // First chunk taken; the second is read ahead while the first is sent one row per step.
    stepUntil(range, out, 1, () -> !lastPerKey(out).isEmpty());
    fixture.awaitReadsDone(2);
    // Changes of documents of the chunk already read and waiting: their rows are now stale.
    for (int id = 10; id < 20; id++) {
      collection.updateOne(Filters.eq("_id", id), Updates.set("v", 1));
    }
    collection.deleteOne(Filters.eq("_id", 15));
    collection.insertOne(new Document("_id", 100).append("v", 5));

    stepUntil(range, out, 1, () -> indexOfProgress(out, false) >= 0);
    stepUntil(range, out, 50, () -> lastPerKey(out).containsKey(key(100)));

    assertLastRecordsEqual(fixture.mongoState(), out);
    // A stale row after the change of its document would have v=0.
    for (int id = 10; id < 20; id++) {
      String key = key(id);
      boolean changeSeen = false;
      for (SourceRecord record : out) {
        if (!key.equals(record.key())) {
          continue;
        }
        Object v = record.value() == null ? null : ((Map<?, ?>) record.value()).get("v");
        if (changeSeen) {
          assertThat(String.valueOf(v)).as("record of %s after its change", key).isNotEqualTo("0");
        }
        changeSeen |= !"0".equals(String.valueOf(v));
      }
    }
  }

  @Test
  void rowsOfALaterBatchOfAQuerySentBeforeTheirDocumentsChangedNeverOvertakeTheChanges()
      throws Exception {
    fixture.insert(50);
    RangeSync range = fixture.start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    // The range's query is sent; its later batches (read with getMore, or computed when the query
    // was sent, as some servers do) hold documents changed now.
    stepUntil(range, out, 1, () -> !lastPerKey(out).isEmpty());
    for (int id = 30; id < 40; id++) {
      collection.updateOne(Filters.eq("_id", id), Updates.set("v", 2));
    }
    collection.deleteOne(Filters.eq("_id", 45));

    stepUntil(range, out, 1, () -> indexOfProgress(out, false) >= 0);
    stepUntil(
        range,
        out,
        50,
        () -> lastPerKey(out).get(key(45)) == null && lastPerKey(out).containsKey(key(45)));

    assertLastRecordsEqual(fixture.mongoState(), out);
  }
}
