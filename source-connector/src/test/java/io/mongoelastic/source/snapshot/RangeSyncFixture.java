package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.FullDocument;
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
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

/**
 * Snapshot ranges of collection {@code c} in a fresh database of a real server (the embedded one
 * unless -Dmongodb.it.uri names one), built as a task builds them, and what tests check about the
 * records they send. Snapshot reads run on a thread pool that a test can hold ({@link #holdReads})
 * to play a slow server. Close it after each test.
 */
public final class RangeSyncFixture implements AutoCloseable {
  public static final String TOPIC = "t";
  public static final String PROGRESS = "progress";

  final AtomicBoolean paced = new AtomicBoolean();
  private final AtomicInteger readsAsked = new AtomicInteger();
  // A permit per completed read; awaitReadsDone takes those it has not taken yet.
  private final Semaphore readsDone = new Semaphore(0);
  private int readsAwaited;
  private final SourceTaskMetrics metrics;
  private final ExecutorService readThreads;
  private final List<Runnable> heldReads = new ArrayList<>();
  private boolean holding;
  private int readsHeld;
  private final Executor reads = this::read;
  private final MongoClient client = MongoClients.create(SharedServices.mongo().connectionString());
  private final String database;
  private final MongoCollection<Document> collection;
  private final List<RangeSync> started = new ArrayList<>();

  /**
   * @param name names the metrics and the database
   * @param readThreads threads reading snapshot batches (a task has one)
   */
  public RangeSyncFixture(String name, int readThreads) {
    this.metrics = new SourceTaskMetrics(name, 0);
    this.readThreads = Executors.newFixedThreadPool(readThreads);
    this.database = name.replace("-", "") + System.nanoTime();
    this.collection = SharedServices.mongo().client().getDatabase(database).getCollection("c");
  }

  @Override
  public void close() {
    // Held reads run first, so a task thread stuck waiting for one (the failure a test looks for)
    // ends, and each range's cursor closes once its last read is done.
    releaseReads();
    started.forEach(RangeSync::close);
    readThreads.shutdown();
    try {
      readThreads.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readThreads.shutdownNow();
    client.close();
    metrics.close();
  }

  public MongoCollection<Document> collection() {
    return collection;
  }

  String database() {
    return database;
  }

  /** Snapshot reads asked for so far (one per chunk). */
  int readsAsked() {
    return readsAsked.get();
  }

  private void read(Runnable task) {
    readsAsked.incrementAndGet();
    Runnable counted =
        () -> {
          task.run();
          readsDone.release();
        };
    synchronized (heldReads) {
      if (holding) {
        heldReads.add(counted);
        readsHeld++;
        return;
      }
    }
    readThreads.execute(counted);
  }

  /**
   * Snapshot reads asked for from now on wait until {@link #releaseReads} or {@link #close},
   * however long that takes: a test holding reads bounds itself with {@code @Timeout}.
   */
  void holdReads() {
    synchronized (heldReads) {
      holding = true;
    }
  }

  /** Lets the held reads run; returns how many were held so far. */
  int releaseReads() {
    List<Runnable> release;
    synchronized (heldReads) {
      holding = false;
      release = List.copyOf(heldReads);
      heldReads.clear();
    }
    release.forEach(readThreads::execute);
    synchronized (heldReads) {
      return readsHeld;
    }
  }

  /** Reads asked for while held. */
  int readsHeld() {
    synchronized (heldReads) {
      return readsHeld;
    }
  }

  /** Inserts ids 0 to {@code count - 1} with v=0. */
  public void insert(int count) {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      docs.add(new Document("_id", i).append("v", 0));
    }
    collection.insertMany(docs);
  }

  /**
   * A snapshot of the collection starting now, split at {@code splits}, bounded as the planner
   * bounds it: its last range is read up to the highest {@code _id} after the start point.
   */
  public SnapshotPlan plan(List<BsonValue> splits) {
    StartPoint start = new StartPointReader(client).capture(database, "c");
    SnapshotBound bound =
        SnapshotBound.read(
            client,
            client.getDatabase(database).getCollection("c", BsonDocument.class),
            start.operationTime());
    return new SnapshotPlan(
        database + ".c",
        "s1",
        SnapshotReason.INITIAL,
        start.operationTime(),
        start.resumeToken(),
        splits,
        null,
        bound);
  }

  RangeSync start(int fetchSize, BooleanSupplier allRead) {
    return start(fetchSize, allRead, () -> false);
  }

  RangeSync start(int fetchSize, BooleanSupplier allRead, BooleanSupplier oneLost) {
    return start(fetchSize, List.of(), allRead, oneLost);
  }

  /** Range 0 of a new plan with {@code splits}, its stream returning up to 100 events a poll. */
  RangeSync start(
      int fetchSize, List<BsonValue> splits, BooleanSupplier allRead, BooleanSupplier oneLost) {
    return range(plan(splits), 0, fetchSize, 100, allRead, oneLost);
  }

  /**
   * Range {@code index} of {@code plan}, announced, with no heartbeats; closed with the fixture.
   */
  public RangeSync range(
      SnapshotPlan plan,
      int index,
      int fetchSize,
      int streamBatchSize,
      BooleanSupplier allRead,
      BooleanSupplier oneLost) {
    return range(
        plan, index, RangeOffset.NOT_STARTED, fetchSize, streamBatchSize, allRead, oneLost);
  }

  /** Range {@code index} of {@code plan} continuing from {@code stored}, as after a restart. */
  RangeSync range(
      SnapshotPlan plan,
      int index,
      RangeOffset stored,
      int fetchSize,
      int streamBatchSize,
      BooleanSupplier allRead,
      BooleanSupplier oneLost) {
    MongoCollection<MappedDocument> mapped =
        client
            .getDatabase(database)
            .getCollection("c", MappedDocument.class)
            .withCodecRegistry(
                CodecRegistries.fromCodecs(new MappedDocumentCodec(new BsonValueMapper())));
    RangeReader reader =
        new RangeReader(
            client, mapped, plan.readRange(index), stored.lastId(), fetchSize, plan.startAt());
    RangeSync[] self = new RangeSync[1];
    RangeStream stream =
        new RangeStream(
            client,
            client.getDatabase(database).getCollection("c", BsonDocument.class),
            plan.range(index),
            List.of(),
            FullDocument.UPDATE_LOOKUP,
            Duration.ofMillis(50),
            streamBatchSize,
            false,
            () -> self[0].streamPosition(),
            metrics);
    self[0] =
        new RangeSync(
            plan,
            index,
            new BatchPrefetcher(reader, reads, paced::get, () -> {}),
            stream,
            stored,
            TOPIC,
            PROGRESS,
            0,
            metrics,
            new SourceRecordFactory(),
            () -> true,
            allRead,
            oneLost,
            new ReadRetry(
                "range " + index,
                Read.SNAPSHOT,
                RetryPolicy.of(1_000, 10_000),
                metrics,
                "mongodb://x"));
    started.add(self[0]);
    return self[0];
  }

  /**
   * Steps {@code range} until {@code condition} holds, however long that takes: the test classes
   * bound themselves with {@code @Timeout}.
   */
  static void stepUntil(
      RangeSync range, List<SourceRecord> out, int budget, BooleanSupplier condition)
      throws InterruptedException {
    while (!condition.getAsBoolean()) {
      if (!range.step(out, budget)) {
        Thread.sleep(10);
      }
    }
  }

  /**
   * Waits until {@code count} snapshot reads (chunks) in all are complete, however long that takes:
   * a test calling it bounds itself with {@code @Timeout}. Called by the test thread only.
   */
  void awaitReadsDone(int count) throws InterruptedException {
    if (count > readsAwaited) {
      readsDone.acquire(count - readsAwaited);
      readsAwaited = count;
    }
  }

  public static String key(int id) {
    return DocumentIdEncoder.encode(new BsonInt32(id));
  }

  /** The last data record of every key, a delete as null. */
  static Map<String, Object> lastPerKey(List<SourceRecord> out) {
    Map<String, Object> last = new HashMap<>();
    for (SourceRecord record : out) {
      if (TOPIC.equals(record.topic())) {
        Object value = record.value();
        last.put((String) record.key(), value == null ? null : ((Map<?, ?>) value).get("v"));
      }
    }
    return last;
  }

  /** Whether {@code out} holds a record of {@code key} with {@code v}. */
  public static boolean hasValue(List<SourceRecord> out, String key, String v) {
    for (SourceRecord record : out) {
      if (key.equals(record.key())
          && record.value() != null
          && v.equals(String.valueOf(((Map<?, ?>) record.value()).get("v")))) {
        return true;
      }
    }
    return false;
  }

  /** Every document's v by key, as MongoDB holds it now. */
  Map<String, Object> mongoState() {
    Map<String, Object> state = new HashMap<>();
    for (Document doc : collection.find()) {
      state.put(key(doc.getInteger("_id")), doc.get("v"));
    }
    return state;
  }

  /** The last record of every key is MongoDB's state: no document missing, stale or revived. */
  static void assertLastRecordsEqual(Map<String, Object> mongo, List<SourceRecord> out) {
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

  /** The index of the first progress record that is (or is not) {@code closed}; -1 if none. */
  static int indexOfProgress(List<SourceRecord> out, boolean closed) {
    for (int i = 0; i < out.size(); i++) {
      SourceRecord record = out.get(i);
      if (PROGRESS.equals(record.topic())
          && RangeOffset.fromMap(record.sourceOffset()).closed() == closed) {
        return i;
      }
    }
    return -1;
  }

  static int rowsOfV(List<SourceRecord> out, String v) {
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

  /** The v of every data record, in order. */
  static List<Object> dataValues(List<SourceRecord> out) {
    List<Object> values = new ArrayList<>();
    for (SourceRecord record : out) {
      if (TOPIC.equals(record.topic()) && record.value() != null) {
        values.add(String.valueOf(((Map<?, ?>) record.value()).get("v")));
      }
    }
    return values;
  }

  /** The cluster time of {@code write}, made in a session of its own. */
  static BsonTimestamp operationTime(Consumer<ClientSession> write) {
    try (ClientSession session = SharedServices.mongo().client().startSession()) {
      write.accept(session);
      return session.getOperationTime();
    }
  }
}
