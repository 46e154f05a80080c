package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.sun.management.OperatingSystemMXBean;
import io.mongoelastic.harness.SharedServices;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

/**
 * Planning time of a snapshot's split points against collection size: the sampled quantiles of
 * {@link SplitPointFinder} against the earlier {@code _id}-sorted skip walk (one query per split,
 * reproduced here as the baseline), on the embedded server or the server of {@code
 * -Dmongodb.it.uri}. Reports wall time, the process's CPU time (the embedded server runs in this
 * JVM) and how even the sampled ranges are. Not a test; nothing asserts timings.
 *
 * <p>Arguments: {@code [sizes=100000,500000,2000000] [ranges=4] [repeats=3]}.
 */
public final class SplitPlanningBench {
  private static final int CHUNK = 10_000;
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private SplitPlanningBench() {}

  public static void main(String[] args) {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "100000,500000,2000000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int ranges = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String database = "splitbench" + System.nanoTime();
    try (MongoClient client = MongoClients.create(SharedServices.mongo().connectionString())) {
      for (int size : sizes) {
        MongoCollection<BsonDocument> collection =
            client.getDatabase(database).getCollection("c" + size, BsonDocument.class);
        load(collection, size);
        double[] sampled = measure(repeats, () -> SplitPointFinder.find(collection, ranges, CHUNK));
        double[] skipped = measure(repeats, () -> skipWalk(collection, ranges, CHUNK));
        List<BsonValue> splits = SplitPointFinder.find(collection, ranges, CHUNK);
        System.out.printf(
            Locale.ROOT,
            "%,d docs, %d ranges: sampled %.0f ms wall / %.0f ms CPU; skip walk %.0f ms wall /"
                + " %.0f ms CPU; sampled ranges hold %s documents%n",
            size,
            ranges,
            sampled[0],
            sampled[1],
            skipped[0],
            skipped[1],
            rangeSizes(collection, splits));
        collection.drop();
      }
    }
    System.exit(0);
  }

  private static void load(MongoCollection<BsonDocument> collection, int size) {
    List<BsonDocument> batch = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      batch.add(
          new BsonDocument("_id", new BsonObjectId(new ObjectId())).append("n", new BsonInt32(i)));
      if (batch.size() == 10_000) {
        collection.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      collection.insertMany(batch);
    }
  }

  /** Median wall and process CPU milliseconds of {@code repeats} plannings. */
  private static double[] measure(int repeats, Supplier<List<BsonValue>> plan) {
    double[] wall = new double[repeats];
    double[] cpu = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long cpuStart = OS.getProcessCpuTime();
      long start = System.nanoTime();
      plan.get();
      wall[r] = (System.nanoTime() - start) / 1e6;
      cpu[r] = (OS.getProcessCpuTime() - cpuStart) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[repeats / 2], cpu[repeats / 2]};
  }

  /** The earlier build's split points: an {@code _id}-sorted query skipping to each one. */
  private static List<BsonValue> skipWalk(
      MongoCollection<BsonDocument> collection, int maxRanges, int chunkSize) {
    long count = collection.estimatedDocumentCount();
    int ranges = (int) Math.min(maxRanges, count / chunkSize);
    List<BsonValue> splits = new ArrayList<>();
    long step = count / ranges;
    for (int i = 1; i < ranges; i++) {
      BsonDocument first =
          collection
              .find()
              .projection(Projections.include("_id"))
              .sort(Sorts.ascending("_id"))
              .skip((int) (step * i))
              .limit(1)
              .first();
      splits.add(first.get("_id"));
    }
    return splits;
  }

  private static List<Long> rangeSizes(
      MongoCollection<BsonDocument> collection, List<BsonValue> splits) {
    SnapshotPlan plan = new SnapshotPlan("db.c", "bench", null, null, null, splits);
    List<Long> sizes = new ArrayList<>();
    for (int r = 0; r < plan.rangeCount(); r++) {
      long documents = 0;
      for (IdBracket bracket : plan.range(r).brackets()) {
        documents += collection.countDocuments(plan.range(r).filter(bracket, null));
      }
      sizes.add(documents);
    }
    return sizes;
  }
}
