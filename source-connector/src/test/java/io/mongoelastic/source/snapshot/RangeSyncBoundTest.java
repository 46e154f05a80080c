package io.mongoelastic.source.snapshot;

import static io.mongoelastic.source.snapshot.RangeSyncFixture.TOPIC;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.assertLastRecordsEqual;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.indexOfProgress;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.key;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.rowsOfV;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.stepUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.common.record.SourceRecordHeaders;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.CollectionOffset.Phase;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.record.DocumentIdEncoder;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonMaxKey;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.MaxKey;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A snapshot reads its last range only up to the collection's highest {@code _id} after its start
 * point ({@link SnapshotBound}), against a real server: documents inserted above it while it reads
 * reach Kafka once, through the range's stream, and the read ends however fast they come.
 */
@Timeout(60)
class RangeSyncBoundTest {
  private final RangeSyncFixture fixture = new RangeSyncFixture("range-sync-bound-test", 1);
  private final MongoCollection<Document> collection = fixture.collection();

  @AfterEach
  void close() {
    fixture.close();
  }

  /** Inserts {@code count} documents with ids from {@code first} and v=1. */
  private void insertFrom(int first, int count) {
    List<Document> docs = new ArrayList<>();
    for (int id = first; id < first + count; id++) {
      docs.add(new Document("_id", id).append("v", 1));
    }
    collection.insertMany(docs);
  }

  private static boolean isSnapshotRow(SourceRecord record) {
    Header operation = record.headers().lastWithName(SourceRecordHeaders.OPERATION);
    return TOPIC.equals(record.topic())
        && operation != null
        && "snapshot".equals(String.valueOf(operation.value()));
  }

  /** How many data records (rows and changes) each key has in {@code out}. */
  private static Map<Object, Integer> recordsPerKey(List<SourceRecord> out) {
    Map<Object, Integer> counts = new HashMap<>();
    out.stream()
        .filter(r -> TOPIC.equals(r.topic()))
        .forEach(r -> counts.merge(r.key(), 1, Integer::sum));
    return counts;
  }

  private static List<Object> snapshotRowKeys(List<SourceRecord> out) {
    return out.stream().filter(RangeSyncBoundTest::isSnapshotRow).map(SourceRecord::key).toList();
  }

  private static boolean done(List<SourceRecord> out) {
    return indexOfProgress(out, false) >= 0;
  }

  /**
   * Steps {@code range} (chunks of ten) until its read ends, inserting 20 documents with ids
   * counting up from {@code first} before every step: twice a chunk's worth, so an open-ended last
   * range could never catch up with them. Then steps until {@code out} holds records of {@code
   * keysBefore} keys plus every inserted one. Returns the id after the last inserted.
   */
  private int stepWhileInsertingFrom(
      int first, int keysBefore, RangeSync range, List<SourceRecord> out)
      throws InterruptedException {
    int next = first;
    int steps = 0;
    while (!done(out) && steps++ < 500) {
      insertFrom(next, 20);
      next += 20;
      range.step(out, 100);
    }
    int keys = keysBefore + next - first;
    stepUntil(range, out, 100, () -> recordsPerKey(out).size() == keys);
    return next;
  }

  @Test
  void aSnapshotEndsAfterReadingOnlyTheDocumentsThatExistedWhileInsertsKeepLandingAboveItsBound()
      throws Exception {
    fixture.insert(50);
    SnapshotPlan plan = fixture.plan(List.of());
    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonInt32(49)));
    RangeSync range = fixture.range(plan, 0, 10, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    int next = stepWhileInsertingFrom(1_000, 50, range, out);

    assertThat(done(out)).as("the read ended").isTrue();
    // Five chunks of ten, then the read that finds nothing more.
    assertThat(fixture.readsAsked()).as("chunks read").isEqualTo(6);
    assertThat(snapshotRowKeys(out)).hasSize(50).doesNotHaveDuplicates();
    assertThat(rowsOfV(out, "0")).isEqualTo(50);
    Map<Object, Integer> perKey = recordsPerKey(out);
    for (int id = 1_000; id < next; id++) {
      assertThat(perKey.get(key(id))).as("records of inserted %s", id).isEqualTo(1);
    }
    assertLastRecordsEqual(fixture.mongoState(), out);
  }

  @Test
  void documentsInsertedAtOrBelowTheBoundDuringTheSnapshotStillArrive() throws Exception {
    List<Document> even = new ArrayList<>();
    for (int id = 0; id < 60; id += 2) {
      even.add(new Document("_id", id).append("v", 0));
    }
    collection.insertMany(even);
    SnapshotPlan plan = fixture.plan(List.of());
    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonInt32(58)));
    // The first chunk's read waits while ids between the existing ones are inserted.
    fixture.holdReads();
    RangeSync range = fixture.range(plan, 0, 10, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    range.step(out, 10);
    for (int id = 1; id < 59; id += 2) {
      collection.insertOne(new Document("_id", id).append("v", 1));
    }
    collection.updateOne(Filters.eq("_id", 58), Updates.set("v", 2));
    collection.deleteOne(Filters.eq("_id", 30));
    fixture.releaseReads();

    // The delete was the last write: its record comes after every other change's.
    stepUntil(range, out, 10, () -> done(out) && recordsPerKey(out).containsKey(key(30)));

    assertThat(snapshotRowKeys(out)).doesNotHaveDuplicates();
    assertLastRecordsEqual(fixture.mongoState(), out);
    for (int id = 1; id < 59; id += 2) {
      assertThat(RangeSyncFixture.hasValue(out, key(id), "1")).as("insert of %s", id).isTrue();
    }
  }

  @Test
  void aRestartedSnapshotKeepsTheBoundItStored() throws Exception {
    fixture.insert(30);
    SnapshotPlan planned = fixture.plan(List.of());
    // As the owner stores it with the start markers and a restarted connector reads it back.
    SnapshotPlan restored =
        SnapshotPlan.announced(
            planned.namespace(),
            CollectionOffset.fromMap(planned.offset(Phase.SNAPSHOT, "", null).toMap()));
    assertThat(restored.bound()).isEqualTo(planned.bound());
    assertThat(restored.readRange(0)).isEqualTo(new IdRange(null, new BsonInt32(29), true));

    RangeSync first = fixture.range(planned, 0, 10, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(first, out, 5, () -> rowsOfV(out, "0") >= 12);
    RangeOffset stopped = RangeOffset.fromMap(first.offset().toMap());
    first.close();
    // While the task is down, documents above the bound arrive.
    insertFrom(1_000, 40);

    RangeSync again = fixture.range(restored, 0, stopped, 10, 100, () -> false, () -> false);
    stepUntil(again, out, 100, () -> done(out) && recordsPerKey(out).containsKey(key(1_039)));

    assertThat(snapshotRowKeys(out)).as("rows read before and after the restart").hasSize(30);
    Map<Object, Integer> perKey = recordsPerKey(out);
    for (int id = 1_000; id < 1_040; id++) {
      assertThat(perKey.get(key(id))).as("records of inserted %s", id).isEqualTo(1);
    }
    assertLastRecordsEqual(fixture.mongoState(), out);
  }

  @Test
  void anEmptyCollectionsSnapshotReadsNothingAndItsInsertsArriveThroughTheStream()
      throws Exception {
    SnapshotPlan plan = fixture.plan(List.of());
    assertThat(plan.bound()).isEqualTo(SnapshotBound.EMPTY);
    assertThat(plan.readRange(0).brackets()).isEmpty();
    RangeSync range = fixture.range(plan, 0, 10, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    stepWhileInsertingFrom(0, 0, range, out);

    assertThat(done(out)).isTrue();
    assertThat(fixture.readsAsked()).as("reads").isEqualTo(1);
    assertThat(snapshotRowKeys(out)).isEmpty();
    assertThat(recordsPerKey(out).values()).containsOnly(1);
    assertLastRecordsEqual(fixture.mongoState(), out);
  }

  @Test
  void aMixedTypeCollectionIsReadUpToItsHighestIdAcrossBrackets() throws Exception {
    List<Document> docs = new ArrayList<>();
    List<ObjectId> objectIds = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      docs.add(new Document("_id", i).append("v", 0));
      docs.add(new Document("_id", "s" + i).append("v", 0));
      ObjectId oid = new ObjectId();
      objectIds.add(oid);
      docs.add(new Document("_id", oid).append("v", 0));
    }
    collection.insertMany(docs);
    ObjectId highest = objectIds.stream().max(ObjectId::compareTo).orElseThrow();
    SnapshotPlan plan = fixture.plan(List.of(new BsonInt32(5)));
    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonObjectId(highest)));

    fixture.holdReads();
    RangeSync last = fixture.range(plan, 1, 4, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    last.step(out, 10);
    // Above the bound: a later ObjectId, and brackets sorting after ObjectIds. Below it: a string.
    ObjectId later = new ObjectId();
    collection.insertOne(new Document("_id", later).append("v", 1));
    collection.insertOne(new Document("_id", true).append("v", 1));
    collection.insertOne(new Document("_id", new Date(0)).append("v", 1));
    collection.insertOne(new Document("_id", "t").append("v", 1));
    fixture.releaseReads();
    List<String> inserted =
        List.of(
            DocumentIdEncoder.encode(new BsonObjectId(later)),
            DocumentIdEncoder.encode(BsonBoolean.TRUE),
            DocumentIdEncoder.encode(new BsonDateTime(0)),
            DocumentIdEncoder.encode(new BsonString("t")));
    stepUntil(last, out, 10, () -> done(out) && recordsPerKey(out).keySet().containsAll(inserted));

    List<Object> rows = snapshotRowKeys(out);
    // Ints 5 to 9, the ten strings and the ten ObjectIds; perhaps "t" too, never one above.
    assertThat(rows).hasSizeBetween(25, 26).doesNotHaveDuplicates();
    assertThat(rows).doesNotContainAnyElementsOf(inserted.subList(0, 3));
    Map<Object, Integer> perKey = recordsPerKey(out);
    for (String key : inserted.subList(0, 3)) {
      assertThat(perKey.get(key)).as("records of inserted %s", key).isEqualTo(1);
    }
    Map<Object, Object> lastPerKey = new HashMap<>();
    out.stream()
        .filter(r -> TOPIC.equals(r.topic()))
        .forEach(r -> lastPerKey.put(r.key(), ((Map<?, ?>) r.value()).get("v")));
    for (BsonDocument doc : collection.withDocumentClass(BsonDocument.class).find()) {
      BsonValue id = doc.get("_id");
      if (id.isInt32() && id.asInt32().getValue() < 5) {
        continue;
      }
      assertThat(String.valueOf(lastPerKey.get(DocumentIdEncoder.encode(id))))
          .as("last record of %s", id)
          .isEqualTo(String.valueOf(doc.getInt32("v").getValue()));
    }
  }

  @Test
  void aMaxKeyIdLeavesTheBoundAtTheHighestOrderedIdAndIsReadOnceByTheLastRange() throws Exception {
    fixture.insert(50);
    collection.insertOne(new Document("_id", new MaxKey()).append("v", 0));
    SnapshotPlan plan = fixture.plan(List.of());
    // Not open-ended: inserts above the ints keep landing while it reads.
    assertThat(plan.bound()).isEqualTo(new SnapshotBound(new BsonInt32(49)));
    RangeSync range = fixture.range(plan, 0, 10, 100, () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    int next = stepWhileInsertingFrom(1_000, 51, range, out);

    assertThat(done(out)).as("the read ended").isTrue();
    String maxKey = DocumentIdEncoder.encode(new BsonMaxKey());
    assertThat(snapshotRowKeys(out)).hasSize(51).doesNotHaveDuplicates().contains(maxKey);
    Map<Object, Integer> perKey = recordsPerKey(out);
    assertThat(perKey.get(maxKey)).as("records of the MaxKey document").isEqualTo(1);
    for (int id = 1_000; id < next; id++) {
      assertThat(perKey.get(key(id))).as("records of inserted %s", id).isEqualTo(1);
    }
    Map<String, Object> state = new HashMap<>();
    for (BsonDocument doc : collection.withDocumentClass(BsonDocument.class).find()) {
      state.put(DocumentIdEncoder.encode(doc.get("_id")), doc.getInt32("v").getValue());
    }
    assertLastRecordsEqual(state, out);
  }
}
