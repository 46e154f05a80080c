package io.mongoelastic.sink.bulk;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running state of one sink task: turns records into actions, hands them to the {@link
 * BulkDispatcher}, tracks offsets by each record's original topic, partition and offset, and pauses
 * the task's partitions while the buffer is full or the cluster is unreachable. Called only on the
 * task thread.
 */
public final class ElasticsearchWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ElasticsearchWriter.class);

  private final ActionEncoder encoder;
  private final BulkDispatcher dispatcher;
  private final OffsetTracker offsets;
  private final MalformedRecordHandler malformed;
  private final SinkTaskContext context;
  private volatile boolean paused;

  public ElasticsearchWriter(
      ActionEncoder encoder,
      BulkDispatcher dispatcher,
      OffsetTracker offsets,
      MalformedRecordHandler malformed,
      SinkTaskContext context) {
    this.encoder = encoder;
    this.dispatcher = dispatcher;
    this.offsets = offsets;
    this.malformed = malformed;
    this.context = context;
  }

  /** Queues the records; returns at once, pausing consumption when the buffer is full. */
  public void write(Collection<SinkRecord> records) {
    checkFailure();
    for (SinkRecord record : records) {
      TopicPartition partition =
          new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
      long offset = record.originalKafkaOffset();
      offsets.received(partition, offset);
      ActionEncoder.Encoded encoded = encoder.encode(record);
      if (encoded instanceof ActionEncoder.Action action) {
        dispatcher.add(record, partition, offset, action);
      } else if (encoded instanceof ActionEncoder.Malformed bad) {
        malformed.handle(record, partition, offset, bad.reason());
      } else {
        offsets.done(partition, offset);
      }
    }
    malformed.drain();
    applyBackpressure();
    checkFailure();
  }

  /** Offsets up to which every record is done, per original partition. */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    malformed.drain();
    checkFailure();
    return offsets.committable();
  }

  public void open(Collection<TopicPartition> partitions) {
    offsets.open(partitions);
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
