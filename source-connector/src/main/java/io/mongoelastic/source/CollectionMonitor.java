package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the database's collections every {@code mongodb.collections.discovery.interval.ms} and asks
 * the worker to reconfigure the tasks when the included set differs from the one the current task
 * configs were planned for. The reconfiguration plans a new collection like any collection without
 * offsets (start point captured, then snapshot, then stream), so documents written before it was
 * noticed arrive through its snapshot; a dropped collection is no longer owned by any task.
 */
final class CollectionMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionMonitor.class);

  private final MongoSourceConfig config;
  private final ConnectorContext context;
  private final MongoClient client;
  private final CollectionResolver resolver;
  private final ScheduledExecutorService timer;
  private volatile List<String> planned;

  private CollectionMonitor(
      MongoSourceConfig config,
      ConnectorContext context,
      String name,
      CollectionResolver resolver) {
    this.config = config;
    this.resolver = resolver;
    this.context = context;
    this.client = MongoClientFactory.create(config);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "mongoelastic-collection-discovery-" + name);
              thread.setDaemon(true);
              return thread;
            });
    long interval = config.collectionsDiscoveryIntervalMs();
    timer.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
  }

  /** A running monitor, or null when discovery is off. */
  static CollectionMonitor startIfEnabled(
      MongoSourceConfig config,
      ConnectorContext context,
      String name,
      CollectionResolver resolver) {
    return config.collectionsDiscoveryIntervalMs() > 0
        ? new CollectionMonitor(config, context, name, resolver)
        : null;
  }

  /** The collections the task configs just computed cover. */
  void planned(List<String> collections) {
    planned = List.copyOf(collections);
  }

  private void check() {
    List<String> before = planned;
    if (before == null) {
      return;
    }
    List<String> now;
    try {
      now = resolver.resolve(config, client);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot list the collections of {} (retrying in {} ms): {}",
          config.database(),
          config.collectionsDiscoveryIntervalMs(),
          ConnectionStringMasker.scrub(e.getMessage(), config.connectionString()));
      return;
    }
    if (now.equals(before)) {
      return;
    }
    List<String> added = new ArrayList<>(now);
    added.removeAll(before);
    List<String> removed = new ArrayList<>(before);
    removed.removeAll(now);
    LOG.info(
        "Collections of {} changed (added {}, removed {}); reconfiguring the tasks",
        config.database(),
        added,
        removed);
    // Ask once per change: the new task configs set this again when they are computed.
    planned = now;
    context.requestTaskReconfiguration();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    client.close();
  }
}
