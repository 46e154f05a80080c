package io.mongoelastic.sink.bulk;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running state of one sink task: turns records into actions (one per index the {@link
 * IndexRouting} names), hands them to the {@link BulkDispatcher}, applies control records, tracks
 * offsets by each record's original topic, partition and offset, and pauses the task's partitions
 * while the buffer is full or the cluster is unreachable. Called only on the task thread.
 */
public final class ElasticsearchWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ElasticsearchWriter.class);

  static final long BARRIER_TIMEOUT_MS = 60_000;

  private final ActionEncoder encoder;
  private final IndexRouting routing;
  private final BulkDispatcher dispatcher;
  private final OffsetTracker offsets;
  private final MalformedRecordHandler malformed;
  private final SinkTaskContext context;
  private volatile boolean paused;

  public ElasticsearchWriter(
      ActionEncoder encoder,
      IndexRouting routing,
      BulkDispatcher dispatcher,
      OffsetTracker offsets,
      MalformedRecordHandler malformed,
      SinkTaskContext context) {
    this.encoder = encoder;
    this.routing = routing;
    this.dispatcher = dispatcher;
    this.offsets = offsets;
    this.malformed = malformed;
    this.context = context;
  }

  /**
   * Queues the records; returns at once, pausing consumption when the buffer is full, except at a
   * control record that needs a barrier (see {@link IndexRouting.Control}).
   */
  public void write(Collection<SinkRecord> records) {
    checkFailure();
    for (SinkRecord record : records) {
      TopicPartition partition =
          new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      long offset = record.originalKafkaOffset();
      IndexRouting.Control control = routing.control(record);
      if (control != IndexRouting.Control.NONE) {
        if (control == IndexRouting.Control.APPLY_AFTER_BARRIER) {
          awaitAcknowledged(partition, offset);
        }
        routing.applyControl(record, partition);
        // Committable only now: a marker whose call failed is redelivered.
        offsets.received(partition, offset);
        offsets.done(partition, offset);
        continue;
      }
      // Targets are resolved now, in record order, and kept with the actions.
      ActionEncoder.Encoded encoded =
          encoder.encode(record, index -> routing.targets(record, partition, index));
      if (encoded instanceof ActionEncoder.Actions actions) {
        offsets.received(partition, offset, actions.actions().size());
        for (ActionEncoder.Action action : actions.actions()) {
          dispatcher.add(record, partition, offset, action);
        }
      } else if (encoded instanceof ActionEncoder.Malformed bad) {
        offsets.received(partition, offset);
        malformed.handle(record, partition, offset, bad.reason());
      } else {
        offsets.received(partition, offset);
        offsets.done(partition, offset);
      }
    }
    malformed.drain();
    applyBackpressure();
    checkFailure();
  }

  /**
   * Waits until Elasticsearch acknowledged every earlier record of the partition. Gives up after
   * {@link #BARRIER_TIMEOUT_MS} with a retriable error so that Connect redelivers the batch (writes
   * are idempotent with external versions) instead of the consumer missing its poll deadline.
   */
  private void awaitAcknowledged(TopicPartition partition, long offset) {
    long deadline = System.nanoTime() + BARRIER_TIMEOUT_MS * 1_000_000;
    try {
      while (true) {
        dispatcher.flushNow();
        if (offsets.awaitDoneBefore(partition, offset, 100)) {
          return;
        }
        malformed.drain();
        checkFailure();
        if (System.nanoTime() > deadline) {
          throw new RetriableException(
              "Records of "
                  + partition
                  + " before the control record at offset "
                  + offset
                  + " are not yet acknowledged by Elasticsearch");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("Interrupted while waiting for Elasticsearch", e);
    }
  }

  /** Offsets up to which every record is done, per original partition. */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    malformed.drain();
    checkFailure();
    return offsets.committable();
  }

  public void open(Collection<TopicPartition> partitions) {
    offsets.open(partitions);
    routing.open(partitions);
    if (paused) {
      context.pause(partitions.toArray(new TopicPartition[0]));
    }
  }

  /** Forgets revoked partitions without committing them: the next owner gets their records. */
  public void close(Collection<TopicPartition> partitions) {
    offsets.close(partitions);
    dispatcher.dropPartitions(partitions);
  }

  public boolean paused() {
    return paused;
  }

  private void applyBackpressure() {
    if (!paused && dispatcher.shouldPause()) {
      Set<TopicPartition> assigned = context.assignment();
      context.pause(assigned.toArray(new TopicPartition[0]));
      paused = true;
      log.info(
          "Paused {} partitions: {} bytes waiting for Elasticsearch",
          assigned.size(),
          dispatcher.bufferedBytes());
    } else if (paused && dispatcher.mayResume()) {
      Set<TopicPartition> assigned = context.assignment();
      context.resume(assigned.toArray(new TopicPartition[0]));
      paused = false;
      log.info("Resumed {} partitions", assigned.size());
    }
  }

  private void checkFailure() {
    ConnectException failure = dispatcher.failure();
    if (failure == null) {
      failure = malformed.failure();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    dispatcher.close();
  }
}
