package io.mongoelastic.source;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.OffsetLookup;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a task's collaborators and hands each poll to its {@link TaskLoop}. */
public final class MongoSourceTask extends SourceTask {
  private static final Logger LOG = LoggerFactory.getLogger(MongoSourceTask.class);

  private MongoClient client;
  private SourceTaskMetrics metrics;
  private TaskLoop loop;
  private volatile boolean stopping;

  @Override
  public String version() {
    return Version.current();
  }

  @Override
  public void start(Map<String, String> props) {
    MongoSourceTaskConfig config = new MongoSourceTaskConfig(props);
    metrics = new SourceTaskMetrics(config.connectorName(), config.taskId());
    client = MongoClients.create(config.parsedConnectionString());
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
    LOG.info("Task {} of {} started", config.taskId(), config.connectorName());
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    try {
      return loop.poll(() -> stopping);
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
      metrics.error(e.getClass().getSimpleName() + " (code " + mongo.getCode() + ")");
      // The driver already retried once; let the worker retry the poll.
      throw new RetriableException("MongoDB error " + mongo.getCode() + "; retrying the poll", e);
    }
  }

  @Override
  public void stop() {
    // Called from another thread: closing the client ends a poll blocked on MongoDB.
    stopping = true;
    close();
  }

  private void close() {
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
