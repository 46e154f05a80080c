package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
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
import io.mongoelastic.source.snapshot.BatchPrefetcher;
import io.mongoelastic.source.snapshot.RangeReader;
import io.mongoelastic.source.snapshot.RangeStream;
import io.mongoelastic.source.snapshot.RangeSync;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three snapshot ranges on one task with the default fetch size and poll size, against a real
 * server (the embedded one unless -Dmongodb.it.uri names one): the last range's changes flow while
 * the first two are still read.
 */
class RangeTurnsTest {
  private static final String TOPIC = "t";
  private static final int PER_RANGE = 5_000;
  private static final int FETCH_SIZE = 1_000;
  private static final int POLL_MAX_RECORDS = 2_000;

  private final SourceTaskMetrics metrics = new SourceTaskMetrics("range-turns-test", 0);
  private final ExecutorService reads = Executors.newFixedThreadPool(3);
  private final MongoClient client = MongoClients.create(SharedServices.mongo().connectionString());
  private final String database = "rangeturns" + System.nanoTime();
  private final MongoCollection<Document> collection =
      SharedServices.mongo().client().getDatabase(database).getCollection("c");
  private final List<RangeSync> ranges = new ArrayList<>();

  @AfterEach
  void close() {
    ranges.forEach(RangeSync::close);
    reads.shutdownNow();
    client.close();
    metrics.close();
  }

  @Test
  void theLastRangesChangesFlowWhileTheFirstRangesAreRead() throws Exception {
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < 3 * PER_RANGE; i++) {
      docs.add(new Document("_id", i).append("v", 0));
    }
    collection.insertMany(docs);
    StartPoint start = new StartPointReader(client).capture(database, "c");
    SnapshotPlan plan =
        new SnapshotPlan(
            database + ".c",
            "s1",
            SnapshotReason.INITIAL,
            start.operationTime(),
            start.resumeToken(),
            List.<BsonValue>of(new BsonInt32(PER_RANGE), new BsonInt32(2 * PER_RANGE)));
    for (int i = 0; i < plan.rangeCount(); i++) {
      ranges.add(range(plan, i));
    }
    RangeTurns turns = new RangeTurns();
    List<SourceRecord> out = new ArrayList<>();
    turns.step(ranges, out, POLL_MAX_RECORDS);

    int changed = 3 * PER_RANGE - 1;
    collection.updateOne(Filters.eq("_id", changed), Updates.set("v", 7));
    String key = DocumentIdEncoder.encode(new BsonInt32(changed));
    // Every poll follows every range's stream: the change comes with the next poll (or the one
    // after, should the server make it visible only after that poll's stream read).
    boolean arrived = false;
    for (int poll = 1; poll <= 2 && !arrived; poll++) {
      out.clear();
      turns.step(ranges, out, POLL_MAX_RECORDS);
      arrived = hasChange(out, key);
      // About the poll size: a range with no allowance left adds at most one event.
      assertThat(out.size()).as("records of poll %d", poll).isLessThanOrEqualTo(2_010);
    }
    assertThat(arrived).as("the third range's change within two polls").isTrue();
    assertThat(ranges.get(0).done() || ranges.get(1).done())
        .as("a first range already read")
        .isFalse();
  }

  private static boolean hasChange(List<SourceRecord> out, String key) {
    for (SourceRecord record : out) {
      if (key.equals(record.key())
          && record.value() != null
          && "7".equals(String.valueOf(((Map<?, ?>) record.value()).get("v")))) {
        return true;
      }
    }
    return false;
  }

  private RangeSync range(SnapshotPlan plan, int index) {
    MongoCollection<MappedDocument> mapped =
        client
            .getDatabase(database)
            .getCollection("c", MappedDocument.class)
            .withCodecRegistry(
                CodecRegistries.fromCodecs(new MappedDocumentCodec(new BsonValueMapper())));
    RangeReader reader =
        new RangeReader(client, mapped, plan.range(index), null, FETCH_SIZE, plan.startAt());
    RangeSync[] self = new RangeSync[1];
    RangeStream stream =
        new RangeStream(
            client,
            client.getDatabase(database).getCollection("c", BsonDocument.class),
            plan.range(index),
            List.of(),
            FullDocument.UPDATE_LOOKUP,
            Duration.ofMillis(50),
            CollectionOwner.streamBatchSize(POLL_MAX_RECORDS),
            false,
            () -> self[0].streamPosition(),
            metrics);
    self[0] =
        new RangeSync(
            plan,
            index,
            new BatchPrefetcher(reader, reads),
            stream,
            RangeOffset.NOT_STARTED,
            TOPIC,
            "progress",
            0,
            metrics,
            new SourceRecordFactory(),
            () -> true,
            () -> false,
            () -> false,
            new ReadRetry(
                "range " + index,
                Read.SNAPSHOT,
                RetryPolicy.of(1_000, 10_000),
                metrics,
                "mongodb://x"));
    return self[0];
  }
}
