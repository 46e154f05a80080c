package io.mongoelastic.sink.index;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the indices of the topics a task is assigned, in the background, as soon as the
 * partitions are assigned rather than on the first bulk request: the creation (a cluster-state
 * update) then no longer delays the first records after a start or rebalance.
 *
 * <p>Only a head start: when the creation fails here, nothing is lost and nothing fails; the first
 * bulk request to the index creates it through the same {@link IndexCreator} (which creates each
 * name once per task, so the two never race), retrying and reporting errors as always. It is off
 * when the index name is not known from the topic alone ({@link AssignedTopicIndices#known()}: sink
 * {@code transforms} may rename the topic) and with {@code resync.enabled} (writes go to the
 * alias's current index).
 */
public final class AssignedIndexCreator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AssignedIndexCreator.class);

  private final IndexCreator indices;
  private final AssignedTopicIndices assigned;
  private final ExecutorService worker;

  private AssignedIndexCreator(
      IndexCreator indices, AssignedTopicIndices assigned, String threadName) {
    this.indices = indices;
    this.assigned = assigned;
    this.worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The creator for a task, or null when creation ahead of the first record does not apply.
   *
   * @param create {@code index.create}
   * @param resync {@code resync.enabled}
   */
  public static AssignedIndexCreator forTask(
      IndexCreator indices,
      AssignedTopicIndices assigned,
      boolean create,
      boolean resync,
      String threadName) {
    if (!create || resync || !assigned.known()) {
      return null;
    }
    return new AssignedIndexCreator(indices, assigned, threadName);
  }

  /** Starts creating the indices of these partitions' topics; returns at once. */
  public void assigned(Collection<TopicPartition> partitions) {
    Set<String> targets = assigned.of(partitions);
    if (targets.isEmpty()) {
      return;
    }
    try {
      worker.execute(() -> create(targets));
    } catch (RejectedExecutionException e) {
      // the task is stopping
    }
  }

  private void create(Set<String> targets) {
    try {
      indices.ensureExists(targets);
    } catch (IOException | ConnectException e) {
      // The first bulk request to the index tries again and reports what stays wrong.
      log.info(
          "Could not create index {} when its partitions were assigned ({}); the first bulk"
              + " request to it will create it",
          targets,
          e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
