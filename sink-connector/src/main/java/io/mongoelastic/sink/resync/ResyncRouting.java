package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.common.record.SourceRecordHeaders;
import io.mongoelastic.sink.bulk.IndexRouting;
import io.mongoelastic.sink.index.AssignedTopicIndices;
import io.mongoelastic.sink.index.IndexNameResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one sink task to the {@link ResyncCoordinator}: recovers the layout of every logical
 * index before the first write to it, turns snapshot markers into {@code onSnapshotStart} / {@code
 * onSnapshotEnd} calls, and names the indices each data record is written to.
 *
 * <p>Partition count of a snapshot: the marker's {@value SourceRecordHeaders.PARTITION_COUNT}
 * header (or {@code partitionCount} field). A marker without it is only trusted when the connector
 * runs a single task, which then owns every partition of the topic and counts its assignment; with
 * several tasks such a snapshot is written through the alias like any records (no resync), with a
 * warning, because a wrong count could move the alias before every partition ended.
 */
public final class ResyncRouting implements IndexRouting {
  private static final Logger log = LoggerFactory.getLogger(ResyncRouting.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STATUS_CACHE_NANOS = 2_000_000_000L;

  private final ResyncCoordinator coordinator;
  private final IndexNameResolver names;
  private final AssignedTopicIndices assigned;
  private final Supplier<Set<TopicPartition>> assignment;
  private final boolean singleTask;
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final Map<String, String> topicOfIndex = new ConcurrentHashMap<>();
  private final Set<String> warnedSnapshots = ConcurrentHashMap.newKeySet();
  private volatile String statusJson = "[]";
  private volatile long statusReadNanos;

  /**
   * @param names the index of a record's topic (after the sink's transforms)
   * @param assigned the indices known from assigned partitions, prepared when they are assigned
   * @param assignment the task's current partitions (for the single-task partition count)
   * @param singleTask whether the connector runs exactly one task
   */
  public ResyncRouting(
      ResyncCoordinator coordinator,
      IndexNameResolver names,
      AssignedTopicIndices assigned,
      Supplier<Set<TopicPartition>> assignment,
      boolean singleTask) {
    this.coordinator = coordinator;
    this.names = names;
    this.assigned = assigned;
    this.assignment = assignment;
    this.singleTask = singleTask;
  }

  /**
   * Recovers each logical index of the partitions (completes an interrupted swap, creates the alias
   * layout on first use). A failure is logged and retried before the first write to the index. With
   * transforms that may rename the topic nothing is known yet: each index is prepared before the
   * first record routed to it instead, so no layout is made for a name nothing is written to.
   */
  @Override
  public void open(Collection<TopicPartition> partitions) {
    for (String logical : assigned.of(partitions)) {
      try {
        prepare(logical);
      } catch (RetriableException e) {
        log.warn(
            "Cannot prepare index {} yet, retrying before its first write: {}",
            logical,
            e.getMessage());
      }
    }
  }

  @Override
  public Control control(SinkRecord record) {
    return SnapshotMarker.of(record)
        .map(m -> m.kind() == SnapshotMarker.Kind.END ? Control.APPLY_AFTER_BARRIER : Control.APPLY)
        .orElse(Control.NONE);
  }

  @Override
  public void applyControl(SinkRecord record, TopicPartition partition) {
    Optional<SnapshotMarker> found = SnapshotMarker.of(record);
    if (found.isEmpty()) {
      return;
    }
    SnapshotMarker marker = found.get();
    String logical = names.resolve(record.topic());
    checkSingleTopic(logical, partition.topic());
    prepare(logical);
    String what = "record the " + marker.kind() + " marker of " + partition + " for " + logical;
    if (marker.kind() == SnapshotMarker.Kind.START) {
      Integer count = partitionCount(marker, partition);
      if (count == null) {
        if (warnedSnapshots.add(logical + "/" + marker.snapshotId())) {
          log.warn(
              "Snapshot {} of {} is written through the alias without a resync: its start marker"
                  + " carries no {} and the connector runs several tasks. Upgrade the source"
                  + " connector to get resyncs.",
              marker.snapshotId(),
              logical,
              SourceRecordHeaders.PARTITION_COUNT);
        }
        return;
      }
      call(
          what,
          () ->
              coordinator.onSnapshotStart(
                  logical, marker.snapshotId(), partition, count, marker.reason()));
    } else {
      call(what, () -> coordinator.onSnapshotEnd(logical, marker.snapshotId(), partition));
    }
  }

  @Override
  public List<String> targets(SinkRecord record, TopicPartition partition, String index) {
    prepare(index);
    return call(
        "read the resync state of " + index,
        () -> coordinator.targetsFor(index, partition, SnapshotMarker.isSnapshotRecord(record)));
  }

  /** The resync status of the indices this task writes, as a JSON array (cached briefly). */
  public String statusJson() {
    if (System.nanoTime() - statusReadNanos > STATUS_CACHE_NANOS) {
      statusReadNanos = System.nanoTime();
      try {
        List<ResyncStatus> statuses =
            coordinator.statuses().stream()
                .filter(status -> ready.contains(status.logicalIndex()))
                .toList();
        statusJson = JSON.writeValueAsString(statuses);
      } catch (IOException | RuntimeException e) {
        log.debug("Cannot read the resync status: {}", e.toString());
      }
    }
    return statusJson;
  }

  private void prepare(String logical) {
    if (ready.contains(logical)) {
      return;
    }
    ResyncStatus status =
        call("prepare the alias layout of " + logical, () -> coordinator.recover(logical));
    log.debug(
        "Index {} is an alias over {} ({})",
        logical,
        status.currentIndex(),
        status.phase().value());
    ready.add(logical);
  }

  private interface ElasticsearchCall<T> {
    T run() throws IOException;
  }

  /**
   * Runs a call to Elasticsearch; failures that may pass (unreachable, 429, 5xx) become retriable
   * so Connect redelivers the batch, others fail the task.
   */
  private static <T> T call(String what, ElasticsearchCall<T> call) {
    try {
      return call.run();
    } catch (IOException | UncheckedIOException e) {
      throw new RetriableException("Cannot " + what + ": " + e.getMessage(), e);
    } catch (ElasticsearchException e) {
      int status = e.status();
      if (status == 429 || status == 408 || status >= 500) {
        throw new RetriableException("Cannot " + what + ": " + e.getMessage(), e);
      }
      throw new ConnectException(
          "Elasticsearch refused to "
              + what
              + ": "
              + e.getMessage()
              + ". Check the user's privileges on the index, its aliases and the resync state"
              + " index.",
          e);
    }
  }

  private Integer partitionCount(SnapshotMarker marker, TopicPartition partition) {
    if (marker.partitionCount() != null) {
      return marker.partitionCount();
    }
    if (!singleTask) {
      return null;
    }
    long owned =
        assignment.get().stream().filter(tp -> tp.topic().equals(partition.topic())).count();
    return (int) Math.max(owned, 1);
  }

  private void checkSingleTopic(String logical, String topic) {
    String first = topicOfIndex.putIfAbsent(logical, topic);
    if (first != null && !first.equals(topic)) {
      throw new ConnectException(
          "Topics "
              + first
              + " and "
              + topic
              + " both write to index "
              + logical
              + ", so their snapshot markers cannot be counted; give each topic its own index"
              + " (index.topic.map, index.name.pattern, transforms) or set resync.enabled=false.");
    }
  }
}
