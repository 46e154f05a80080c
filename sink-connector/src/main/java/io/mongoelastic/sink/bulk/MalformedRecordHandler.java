package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.MalformedDocumentBehavior;
import io.mongoelastic.sink.metrics.SinkTaskMetrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code behavior.on.malformed.documents} to a record that cannot become a document or that
 * Elasticsearch refused as one. May be called from any thread; dead-letter reports are made on the
 * task thread ({@link #drain()}), and a record counts as done only once the reporter has accepted
 * it.
 */
public final class MalformedRecordHandler {
  private static final Logger log = LoggerFactory.getLogger(MalformedRecordHandler.class);

  private record Report(SinkRecord record, TopicPartition partition, long offset, String reason) {}

  private record Reported(Report report, Future<Void> future) {}

  private final MalformedDocumentBehavior behavior;
  private final ErrantRecordReporter reporter;
  private final OffsetTracker offsets;
  private final SinkTaskMetrics metrics;
  private final ConcurrentLinkedQueue<Report> toReport = new ConcurrentLinkedQueue<>();
  private final List<Reported> reported = new ArrayList<>();
  private volatile ConnectException failure;

  public MalformedRecordHandler(
      MalformedDocumentBehavior behavior,
      ErrantRecordReporter reporter,
      OffsetTracker offsets,
      SinkTaskMetrics metrics) {
    this.behavior = behavior;
    this.reporter = reporter;
    this.offsets = offsets;
    this.metrics = metrics;
  }

  /** Handles one malformed record; {@code reason} must not contain document content. */
  public void handle(SinkRecord record, TopicPartition partition, long offset, String reason) {
    String where =
        "record at topic "
            + partition.topic()
            + " partition "
            + partition.partition()
            + " offset "
            + offset
            + (record.key() instanceof String key ? " with key " + abbreviate(key) : "");
    switch (behavior) {
      case IGNORE -> {
        metrics.malformedSkipped();
        offsets.done(partition, offset);
      }
      case WARN -> {
        log.warn("Skipped malformed {}: {}", where, reason);
        metrics.malformedSkipped();
        offsets.done(partition, offset);
      }
      case REPORT -> {
        if (reporter == null) {
          failure =
              new ConnectException(
                  "behavior.on.malformed.documents=report needs a dead-letter queue: set"
                      + " errors.tolerance=all and errors.deadletterqueue.topic.name. Malformed "
                      + where
                      + ": "
                      + reason);
        } else {
          toReport.add(new Report(record, partition, offset, reason));
        }
      }
      case FAIL ->
          failure =
              new ConnectException(
                  "Malformed "
                      + where
                      + ": "
                      + reason
                      + ". Fix the record or the index mapping, or set"
                      + " behavior.on.malformed.documents to warn, ignore or report.");
    }
  }

  /** Sends queued reports and marks accepted ones done; call on the task thread. */
  public void drain() {
    Report next;
    while ((next = toReport.poll()) != null) {
      Future<Void> future =
          reporter.report(next.record(), new DataException("Elasticsearch sink: " + next.reason()));
      reported.add(new Reported(next, future));
    }
    for (Iterator<Reported> it = reported.iterator(); it.hasNext(); ) {
      Reported entry = it.next();
      if (!entry.future().isDone()) {
        continue;
      }
      it.remove();
      try {
        entry.future().get();
        metrics.deadLettered();
        offsets.done(entry.report().partition(), entry.report().offset());
      } catch (ExecutionException e) {
        failure =
            new ConnectException(
                "The dead-letter queue refused a record: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The failure this policy decided, or null. */
  public ConnectException failure() {
    return failure;
  }

  private static String abbreviate(String key) {
    return key.length() > 100 ? key.substring(0, 100) + "..." : key;
  }
}
