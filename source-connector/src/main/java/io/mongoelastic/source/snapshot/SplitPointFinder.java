package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Divides a collection into {@code _id} ranges of about equal size for several tasks from a random
 * sample of its ids: one {@code $sample} of {@link #SAMPLES_PER_RANGE} ids per range, sorted by the
 * server, whose quantiles are the split points ({@link SampleQuantiles}). On WiredTiger a sample
 * under 5 % of the collection is read with a random cursor, so planning costs O(sample), not
 * O(collection); the sample is capped at that share. Through mongos the sample is drawn from the
 * shards in proportion to their size. The split points are stored with the snapshot's start
 * markers: a restart continues with them and never samples again.
 */
public final class SplitPointFinder {
  /**
   * Ids sampled per range. A quantile of {@code m} samples is off by about {@code 0.5 / sqrt(m)} of
   * the collection, so with 4 ranges a range's size is off by about 5 % (100 per range: 15 %).
   */
  static final int SAMPLES_PER_RANGE = 1_000;

  /** The share of a collection MongoDB still samples with a random cursor (exclusive). */
  private static final int RANDOM_CURSOR_DIVISOR = 20;

  private SplitPointFinder() {}

  /**
   * Split points for at most {@code maxRanges} ranges of at least {@code chunkSize} documents;
   * empty when the collection is too small to split.
   */
  public static List<BsonValue> find(
      MongoCollection<BsonDocument> collection, int maxRanges, int chunkSize) {
    long count = collection.estimatedDocumentCount();
    int ranges = (int) Math.min(maxRanges, count / Math.max(1, chunkSize));
    if (ranges < 2) {
      return List.of();
    }
    List<BsonValue> sample = new ArrayList<>();
    collection
        .aggregate(
            List.of(
                Aggregates.sample(sampleSize(count, ranges)),
                Aggregates.project(Projections.include("_id")),
                Aggregates.sort(Sorts.ascending("_id"))))
        .forEach(doc -> sample.add(doc.get("_id")));
    return SampleQuantiles.splitPoints(sample, ranges);
  }

  /** {@link #SAMPLES_PER_RANGE} ids per range, below the random-cursor share, at least one each. */
  static int sampleSize(long count, int ranges) {
    long wanted = (long) ranges * SAMPLES_PER_RANGE;
    long randomCursorLimit = (count - 1) / RANDOM_CURSOR_DIVISOR;
    return (int) Math.max(ranges, Math.min(wanted, randomCursorLimit));
  }
}
