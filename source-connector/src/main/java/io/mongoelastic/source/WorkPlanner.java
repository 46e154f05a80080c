package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.offset.RangePartition;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.snapshot.SnapshotPlanner;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Divides the work among tasks from the committed offsets: collection {@code i} (sorted by name) is
 * owned by task {@code i % n}; the pending ranges of all snapshots are dealt round-robin. A
 * snapshot already announced keeps its plan (id, start point, split points) from the offsets, so a
 * restart continues it instead of starting over. Which collections get a new snapshot is {@link
 * SnapshotDecision}'s call.
 */
final class WorkPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(WorkPlanner.class);

  private final MongoSourceConfig config;
  private final MongoClient client;
  private final OffsetLookup offsets;

  WorkPlanner(MongoSourceConfig config, MongoClient client, OffsetLookup offsets) {
    this.config = config;
    this.client = client;
    this.offsets = offsets;
  }

  List<TaskAssignment> plan(List<String> collections, int maxTasks) {
    record Pending(String collection, SnapshotPlan plan, List<Integer> ranges) {}
    List<Pending> pending = new ArrayList<>();
    List<TaskAssignment> draft = new ArrayList<>();
    Map<String, StartPoint> starts = new HashMap<>();
    int totalRanges = 0;
    SnapshotPlanner planner = new SnapshotPlanner(client, config.database());
    // One read of the offset store for all collections: the worker reads its offsets topic to the
    // end for every read, and a connector of 1,000 collections would wait for 1,000 of them.
    Map<String, CollectionOffset> storedOffsets =
        offsets.collections(collections.stream().map(c -> config.database() + "." + c).toList());
    // Collections new to the connector all stream from one start point taken now (a database
    // stream's post-batch token resumes any stream), not one captured per collection.
    StartPoint now = null;
    for (String collection : collections) {
      String namespace = config.database() + "." + collection;
      CollectionOffset stored = storedOffsets.get(namespace);
      SnapshotDecision decision =
          SnapshotDecision.decide(stored, config.resyncRequest(), config.snapshotMode());
      switch (decision.action()) {
        case NEW_SNAPSHOT -> {
          SnapshotPlan plan =
              planner.plan(collection, decision.reason(), maxTasks, config.snapshotChunkSize());
          List<Integer> ranges = new ArrayList<>();
          for (int i = 0; i < plan.rangeCount(); i++) {
            ranges.add(i);
          }
          pending.add(new Pending(collection, plan, ranges));
          totalRanges += ranges.size();
          if (decision.reason() == SnapshotReason.USER_REQUESTED) {
            LOG.info(
                "Resync of {} requested ({} is '{}', the collection was synced under '{}'): new"
                    + " snapshot {}, reason {}, {} range(s)",
                namespace,
                MongoSourceConfig.SNAPSHOT_RESYNC_REQUEST,
                config.resyncRequest(),
                stored.resyncToken(),
                plan.snapshotId(),
                plan.reason().wireValue(),
                plan.rangeCount());
          } else {
            LOG.info(
                "New snapshot {} of {}, reason {}, {} range(s)",
                plan.snapshotId(),
                namespace,
                plan.reason().wireValue(),
                plan.rangeCount());
          }
        }
        case CONTINUE_SNAPSHOT -> {
          SnapshotPlan plan = SnapshotPlan.announced(namespace, stored);
          List<Integer> ranges = new ArrayList<>();
          for (int i = 0; i < plan.rangeCount(); i++) {
            if (!offsets.range(new RangePartition(namespace, plan.snapshotId(), i)).closed()) {
              ranges.add(i);
            }
          }
          pending.add(new Pending(collection, plan, ranges));
          totalRanges += ranges.size();
          LOG.info(
              "Continuing snapshot {} of {} (reason {}): {} range(s) left to read or stream",
              plan.snapshotId(),
              namespace,
              plan.reason().wireValue(),
              ranges.size());
        }
        case STREAM_FROM_NOW -> {
          if (now == null) {
            now = new StartPointReader(client).capture(config.database());
          }
          starts.put(collection, now);
        }
        case RESUME -> {}
      }
    }
    int tasks = Math.max(1, Math.min(maxTasks, Math.max(collections.size(), totalRanges)));
    for (int t = 0; t < tasks; t++) {
      draft.add(TaskAssignment.empty());
    }
    for (int i = 0; i < collections.size(); i++) {
      String collection = collections.get(i);
      TaskAssignment owner = draft.get(i % tasks);
      owner.ownedCollections().add(collection);
      if (starts.containsKey(collection)) {
        owner.streamStarts().put(collection, starts.get(collection));
      }
    }
    int next = 0;
    for (Pending p : pending) {
      int ownerIndex = collections.indexOf(p.collection()) % tasks;
      draft.get(ownerIndex).plans().put(p.collection(), p.plan());
      for (int range : p.ranges()) {
        draft.get(next++ % tasks).addRange(p.collection(), p.plan(), range);
      }
    }
    return draft;
  }
}
