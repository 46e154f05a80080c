package io.mongoelastic.source;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.oplog.OplogHeadroomConfig;
import io.mongoelastic.source.oplog.OplogHeadroomMonitor;
import io.mongoelastic.source.oplog.OplogWindowReader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a task's collaborators and hands each poll to its {@link TaskLoop}. */
public final class MongoSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(MongoSourceTask.class);

  /** How long one poll waits for acknowledgements before returning nothing to the worker. */
  private static final long OUTSTANDING_WAIT_MS = 100;

  private MongoClient client;
  private SourceTaskMetrics metrics;
  private TaskLoop loop;
  private OplogHeadroomMonitor headroom;
  private OutstandingRecords outstanding;
  private volatile boolean stopping;
  private String connectionString;

  @Override
  public String version() {
    return Version.current();
  }

  @Override
  public void start(Map<String, String> props) {
    MongoSourceTaskConfig config = new MongoSourceTaskConfig(props);
    connectionString = config.connectionString();
    metrics = new SourceTaskMetrics(config.connectorName(), config.taskId());
    outstanding = new OutstandingRecords(config.pollMaxOutstandingRecords());
    client = MongoClientFactory.create(config);
    try {
      loop =
          new TaskLoop(
              config,
              config.assignment(),
              client,
              new OffsetLookup(context.offsetStorageReader()),
              metrics);
    } catch (RuntimeException e) {
      close();
      throw new ConnectException(
          "Task "
              + config.taskId()
              + " cannot start: "
              + ConnectionStringMasker.scrub(e.getMessage(), config.connectionString()),
          e);
    }
    headroom =
        OplogHeadroomMonitor.start(
            new OplogWindowReader(client),
            metrics,
            OplogHeadroomConfig.Settings.of(config),
            config.connectorName() + "-" + config.taskId());
    LOG.info("Task {} of {} started", config.taskId(), config.connectorName());
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    if (!outstanding.awaitRoom(OUTSTANDING_WAIT_MS)) {
      return null;
    }
    try {
      List<SourceRecord> records = loop.poll(() -> stopping);
      if (records != null) {
        outstanding.handedOver(records.size());
      }
      return records;
    } catch (RuntimeException e) {
      if (stopping) {
        // stop() closed the client under a running poll.
        return null;
      }
      if (!(e instanceof MongoException mongo)) {
        if (e instanceof ConnectException) {
          metrics.error(e.getMessage());
        }
        throw e;
      }
      String message =
          e.getClass().getSimpleName()
              + " (code "
              + mongo.getCode()
              + "): "
              + ConnectionStringMasker.scrub(e.getMessage(), connectionString);
      metrics.error(message);
      if (!transientError(mongo)) {
        throw new ConnectException("MongoDB refused a request: " + message, e);
      }
      // The driver already retried once; back off, then let the worker retry the poll.
      Thread.sleep(1_000);
      throw new RetriableException("MongoDB unavailable; retrying the poll: " + message, e);
    }
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    // Also called for records a transform dropped or a tolerated send failure: each ends here once.
    outstanding.acknowledged();
  }

  private static boolean transientError(MongoException e) {
    return e instanceof com.mongodb.MongoSocketException
        || e instanceof com.mongodb.MongoTimeoutException
        || e instanceof com.mongodb.MongoNotPrimaryException
        || e instanceof com.mongodb.MongoNodeIsRecoveringException
        || e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
        || e.hasErrorLabel("RetryableError")
        || e.hasErrorLabel("ResumableChangeStreamError");
  }

  @Override
  public void stop() {
    // Called from another thread: closing the client ends a poll blocked on MongoDB.
    stopping = true;
    close();
  }

  private void close() {
    if (headroom != null) {
      headroom.close();
    }
    if (loop != null) {
      loop.close();
    }
    if (client != null) {
      client.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
