package io.mongoelastic.source;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.OffsetLookup;
import io.mongoelastic.source.oplog.OplogHeadroomConfig;
import io.mongoelastic.source.oplog.OplogHeadroomMonitor;
import io.mongoelastic.source.oplog.OplogWindowReader;
import io.mongoelastic.source.pace.SnapshotPace;
import io.mongoelastic.source.pace.SnapshotPaceConfig;
import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.retry.ReadRetry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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

  // Volatile: stop() may run on another thread than start() and poll() (Kafka Connect allows it).
  private volatile MongoClient client;
  private volatile SourceTaskMetrics metrics;
  private volatile DeferredTaskLoop loop;
  private volatile OplogHeadroomMonitor headroom;
  private volatile SnapshotPace pace;
  private OutstandingRecords outstanding;
  private volatile boolean stopping;
  private String connectionString;
  // Held while a poll runs: the loop's cursors are not thread-safe, so only the thread holding it
  // closes them (see stop()).
  private final ReentrantLock polling = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  @Override
  public String version() {
    return Version.current();
  }

  @Override
  public void start(Map<String, String> props) {
    MongoSourceTaskConfig config = new MongoSourceTaskConfig(props);
    connectionString = config.connectionString();
    metrics = new SourceTaskMetrics(config.connectorName(), config.taskId());
    outstanding = new OutstandingRecords(config.pollMaxOutstandingRecordsShare());
    client = MongoClientFactory.create(config);
    try {
      OffsetLookup offsets = new OffsetLookup(context.offsetStorageReader());
      pace =
          SnapshotPace.start(
              SnapshotPaceConfig.Settings.of(config),
              config.kafkaAdminSettings(),
              metrics,
              config.connectorName() + "-" + config.taskId());
      loop =
          new DeferredTaskLoop(
              () -> new TaskLoop(config, config.assignment(), client, offsets, metrics, pace),
              new ReadRetry(
                  "the start of task " + config.taskId() + " of " + config.connectorName(),
                  Read.CHANGE_STREAM,
                  config.retryPolicy(),
                  metrics,
                  config.connectionString()));
      loop.start();
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
    polling.lock();
    try {
      return pollLoop();
    } finally {
      polling.unlock();
      // stop() may have come while this poll ran (it then only closed the client) or between the
      // unlock and here: whoever gets the lock after stopping was set closes everything.
      if (stopping && polling.tryLock()) {
        try {
          close();
        } finally {
          polling.unlock();
        }
      }
    }
  }

  private List<SourceRecord> pollLoop() throws InterruptedException {
    if (stopping) {
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
      // Collection streams and snapshot ranges retry their own reads (ReadRetry): this is the last
      // resort for a MongoDB error that escaped them.
      if (!MongoErrorClassifier.isTransient(mongo, Read.CHANGE_STREAM)) {
        throw new ConnectException("MongoDB refused a request: " + message, e);
      }
      Thread.sleep(1_000);
      throw new RetriableException("MongoDB unavailable; retrying the poll: " + message, e);
    }
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    // Also called for records a transform dropped or a tolerated send failure: each ends here once.
    outstanding.acknowledged();
  }

  @Override
  public void stop() {
    stopping = true;
    if (polling.tryLock()) {
      try {
        close();
      } finally {
        polling.unlock();
      }
    } else {
      // A poll runs on another thread: closing the client (thread-safe) ends its MongoDB calls,
      // and the poll closes the cursors it was using when it returns.
      MongoClient running = client;
      if (running != null) {
        running.close();
      }
    }
  }

  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (headroom != null) {
      headroom.close();
    }
    if (loop != null) {
      loop.close();
    }
    if (pace != null) {
      pace.close();
    }
    if (client != null) {
      client.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
