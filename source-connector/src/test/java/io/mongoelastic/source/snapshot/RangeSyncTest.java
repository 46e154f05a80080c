package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.record.BsonValueMapper;
import io.mongoelastic.source.record.DocumentIdEncoder;
import io.mongoelastic.source.record.MappedDocument;
import io.mongoelastic.source.record.MappedDocumentCodec;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.retry.ReadRetry;
import io.mongoelastic.source.retry.RetryPolicy;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One range read while its documents change, against a real server (the embedded one unless
 * -Dmongodb.it.uri names one): the order of what the range sends, record by record.
 */
class RangeSyncTest {
  private static final String TOPIC = "t";
  private static final String PROGRESS = "progress";

  private final SourceTaskMetrics metrics = new SourceTaskMetrics("range-sync-test", 0);
  private final ExecutorService reads = Executors.newSingleThreadExecutor();
  private final AtomicInteger snapshotReplies = new AtomicInteger();
  private final AtomicBoolean paced = new AtomicBoolean();
  private final MongoClient client = listenedClient();
  private final String database = "rangesync" + System.nanoTime();
  private final MongoCollection<Document> collection =
      SharedServices.mongo().client().getDatabase(database).getCollection("c");
  private RangeSync sync;

  @AfterEach
  void close() {
    if (sync != null) {
      sync.close();
    }
    reads.shutdownNow();
    client.close();
    metrics.close();
  }

  private MongoClient listenedClient() {
    CommandListener listener =
        new CommandListener() {
          @Override
          public void commandSucceeded(CommandSucceededEvent event) {
            boolean snapshotRead =
                event.getCommandName().equals("find")
                    || (event.getCommandName().equals("getMore")
                        && !event
                            .getResponse()
                            .getDocument("cursor")
                            .containsKey("postBatchResumeToken"));
            if (snapshotRead) {
              snapshotReplies.incrementAndGet();
            }
          }
        };
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(SharedServices.mongo().connectionString()))
            .addCommandListener(listener)
            .build());
  }

  private void insert(int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("_id", i).append("v", 0));
    }
    collection.insertMany(docs);
  }

  private RangeSync start(int fetchSize, BooleanSupplier allRead) {
    return start(fetchSize, allRead, () -> false);
  }

  private RangeSync start(int fetchSize, BooleanSupplier allRead, BooleanSupplier oneLost) {
    return start(fetchSize, List.of(), allRead, oneLost);
  }

  /** Range 0 of a plan with {@code splits}. */
  private RangeSync start(
      int fetchSize, List<BsonValue> splits, BooleanSupplier allRead, BooleanSupplier oneLost) {
    StartPoint start = new StartPointReader(client).capture(database, "c");
    SnapshotPlan plan =
        new SnapshotPlan(
            database + ".c",
            "s1",
            SnapshotReason.INITIAL,
            start.operationTime(),
            start.resumeToken(),
            splits);
    MongoCollection<MappedDocument> mapped =
        client
            .getDatabase(database)
            .getCollection("c", MappedDocument.class)
            .withCodecRegistry(
                CodecRegistries.fromCodecs(new MappedDocumentCodec(new BsonValueMapper())));
    RangeReader reader =
        new RangeReader(client, mapped, plan.range(0), null, fetchSize, plan.startAt());
    RangeSync[] self = new RangeSync[1];
    RangeStream stream =
        new RangeStream(
            client,
            client.getDatabase(database).getCollection("c", BsonDocument.class),
            plan.range(0),
            List.of(),
            FullDocument.UPDATE_LOOKUP,
            Duration.ofMillis(50),
            100,
            false,
            () -> self[0].streamPosition(),
            metrics);
    self[0] =
        new RangeSync(
            plan,
            0,
            new BatchPrefetcher(reader, reads, paced::get),
            stream,
            RangeOffset.NOT_STARTED,
            TOPIC,
            PROGRESS,
            0,
            metrics,
            new SourceRecordFactory(),
            () -> true,
            allRead,
            oneLost,
            new ReadRetry(
                "range 0", Read.SNAPSHOT, RetryPolicy.of(1_000, 10_000), metrics, "mongodb://x"));
    sync = self[0];
    return sync;
  }

  private static void stepUntil(
      RangeSync range, List<SourceRecord> out, int budget, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("time left").isLessThan(deadline);
      if (!range.step(out, budget)) {
        Thread.sleep(10);
      }
    }
  }

  private static String key(int id) {
    return DocumentIdEncoder.encode(new BsonInt32(id));
  }

  /** The last data record of every key, a delete as null. */
  private static Map<String, Object> lastPerKey(List<SourceRecord> out) {
    Map<String, Object> last = new HashMap<>();
    for (SourceRecord record : out) {
      if (TOPIC.equals(record.topic())) {
        Object value = record.value();
        last.put((String) record.key(), value == null ? null : ((Map<?, ?>) value).get("v"));
      }
    }
    return last;
  }

  private Map<String, Object> mongoState() {
    Map<String, Object> state = new HashMap<>();
    for (Document doc : collection.find()) {
      state.put(key(doc.getInteger("_id")), doc.get("v"));
    }
    return state;
  }

  private static void assertLastRecordsEqual(Map<String, Object> mongo, List<SourceRecord> out) {
    Map<String, Object> last = lastPerKey(out);
    for (Map.Entry<String, Object> entry : mongo.entrySet()) {
      assertThat(last).as("key %s", entry.getKey()).containsKey(entry.getKey());
      assertThat(String.valueOf(last.get(entry.getKey())))
          .as("key %s", entry.getKey())
          .isEqualTo(String.valueOf(entry.getValue()));
    }
    for (Map.Entry<String, Object> entry : last.entrySet()) {
      if (!mongo.containsKey(entry.getKey())) {
        assertThat(entry.getValue()).as("deleted key %s", entry.getKey()).isNull();
      }
    }
  }

  private static int indexOfProgress(List<SourceRecord> out, boolean closed) {
    for (int i = 0; i < out.size(); i++) {
      SourceRecord record = out.get(i);
      if (PROGRESS.equals(record.topic())
          && RangeOffset.fromMap(record.sourceOffset()).closed() == closed) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aPacedRangeTakesNoChunkWhileItsChangesFlowAndSendsTheChunkReadAheadAtOnceWhenReopened()
      throws Exception {
    insert(40);
    RangeSync range = start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    stepUntil(range, out, 10, () -> rowsOfV(out, "0") >= 10);
    paced.set(true);
    Thread.sleep(300); // the read ahead already started ends
    int replies = snapshotReplies.get();
    int rows = rowsOfV(out, "0");

    collection.updateOne(Filters.eq("_id", 35), Updates.set("v", 9));
    stepUntil(range, out, 10, () -> rowsOfV(out, "9") == 1);
    for (int i = 0; i < 20; i++) {
      range.step(out, 10);
    }
    assertThat(snapshotReplies.get()).as("snapshot replies while paced").isEqualTo(replies);
    assertThat(rowsOfV(out, "0")).as("snapshot rows while paced").isEqualTo(rows);

    paced.set(false);
    // The chunk read ahead before the pause is older than everything the stream returned since:
    // the first step sends it, without reading or waiting for the stream on the task thread.
    range.step(out, 10);
    assertThat(rowsOfV(out, "0"))
        .as("snapshot rows of the first step after the pause")
        .isGreaterThan(rows);
    stepUntil(range, out, 10, () -> indexOfProgress(out, false) >= 0);
    assertLastRecordsEqual(mongoState(), out);
  }

  private static int rowsOfV(List<SourceRecord> out, String v) {
    int count = 0;
    for (SourceRecord record : out) {
      if (TOPIC.equals(record.topic())
          && record.value() != null
          && v.equals(String.valueOf(((Map<?, ?>) record.value()).get("v")))) {
        count++;
      }
    }
    return count;
  }

  @Test
  void aChunkReadBeforeItsDocumentsChangedNeverOvertakesTheirChanges() throws Exception {
    insert(30);
    RangeSync range = start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    // First chunk taken; the second is read ahead while the first is sent one row per step.
    range.step(out, 1);
    awaitSecondChunkReadAhead();
    // Changes of documents of the chunk already read and waiting: their rows are now stale.
    for (int id = 10; id < 20; id++) {
      collection.updateOne(Filters.eq("_id", id), Updates.set("v", 1));
    }
    collection.deleteOne(Filters.eq("_id", 15));
    collection.insertOne(new Document("_id", 100).append("v", 5));

    stepUntil(range, out, 1, () -> indexOfProgress(out, false) >= 0);
    stepUntil(range, out, 50, () -> lastPerKey(out).containsKey(key(100)));

    assertLastRecordsEqual(mongoState(), out);
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
    insert(50);
    RangeSync range = start(10, () -> true);
    List<SourceRecord> out = new ArrayList<>();
    // The range's query is sent; its later batches (read with getMore, or computed when the query
    // was sent, as some servers do) hold documents changed now.
    range.step(out, 1);
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

    assertLastRecordsEqual(mongoState(), out);
  }

  @Test
  void changesArriveWhileTheRangeIsReadAndTheStreamOutlivesTheReadUntilEveryRangeIsRead()
      throws Exception {
    insert(40);
    AtomicBoolean everyRangeRead = new AtomicBoolean();
    RangeSync range = start(10, everyRangeRead::get);
    List<SourceRecord> out = new ArrayList<>();
    range.step(out, 1);
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
    assertLastRecordsEqual(mongoState(), out);
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
    insert(10);
    RangeSync range = start(10, () -> false);
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
    insert(200);
    AtomicBoolean lost = new AtomicBoolean();
    RangeSync range = start(10, () -> false, lost::get);
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

  private static BsonTimestamp operationTime(Consumer<ClientSession> write) {
    try (ClientSession session = SharedServices.mongo().client().startSession()) {
      write.accept(session);
      return session.getOperationTime();
    }
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

  private void awaitSecondChunkReadAhead() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (snapshotReplies.get() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(snapshotReplies.get()).as("second chunk read ahead").isGreaterThanOrEqualTo(2);
  }

  private static List<Object> dataValues(List<SourceRecord> out) {
    List<Object> values = new ArrayList<>();
    for (SourceRecord record : out) {
      if (TOPIC.equals(record.topic()) && record.value() != null) {
        values.add(String.valueOf(((Map<?, ?>) record.value()).get("v")));
      }
    }
    return values;
  }

  /** The range closed by itself at the invalidate following the event at {@code ended}. */
  private static void assertClosedAtTheEndOfTheCollection(
      RangeSync range, List<SourceRecord> out, BsonTimestamp ended) throws InterruptedException {
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
    insert(60);
    // Range 0 holds ids below 40: its stream has a $match on documentKey._id.
    RangeSync range = start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    BsonTimestamp dropped = dropAndRecreate();
    List<SourceRecord> out = new ArrayList<>();

    // One event per step: the drop comes first, then a chunk of the re-created collection is read
    // (and held: the stream is not past its read), then the invalidate.
    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).as("nothing of the re-created collection").doesNotContain("9");
    assertThat(snapshotReplies.get()).as("the new collection was read").isPositive();
    assertClosedAtTheEndOfTheCollection(range, out, dropped);
  }

  @Test
  void aCollectionReplacedWhileARangesQueryIsOpenEndsTheRangeAtTheDrop() throws Exception {
    insert(60);
    RangeSync range = start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    // The first chunk is taken and the second read ahead: the range's query is open.
    range.step(out, 1);
    awaitSecondChunkReadAhead();
    BsonTimestamp dropped = dropAndRecreate();

    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).as("nothing of the re-created collection").doesNotContain("9");
    assertClosedAtTheEndOfTheCollection(range, out, dropped);
  }

  @Test
  void aCollectionRenamedAwayWhileARangeIsReadEndsTheRangeAtTheRename() throws Exception {
    insert(60);
    RangeSync range = start(10, List.of(new BsonInt32(40)), () -> false, () -> false);
    List<SourceRecord> out = new ArrayList<>();
    range.step(out, 1);
    BsonTimestamp renamed =
        operationTime(
            session -> collection.renameCollection(session, new MongoNamespace(database, "moved")));

    // Other ranges are still read (allRead is false): only the rename closes this one.
    stepUntil(range, out, 1, range::closed);

    assertThat(dataValues(out)).doesNotContain("9");
    assertClosedAtTheEndOfTheCollection(range, out, renamed);
  }
}
