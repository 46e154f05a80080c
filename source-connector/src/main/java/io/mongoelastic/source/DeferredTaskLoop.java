package io.mongoelastic.source;

import com.mongodb.MongoException;
import io.mongoelastic.source.retry.ReadRetry;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A task's {@link TaskLoop}, built when first needed and built again after a transient MongoDB
 * error. Building it reads from MongoDB (server version, document counts, start points): a failover
 * or a dropped connection at that moment must delay the task, like any other read, not fail it.
 * Errors retrying cannot cure, or transient ones outlasting {@code mongodb.retry.timeout.ms}, fail
 * it as {@link ReadRetry} says.
 */
final class DeferredTaskLoop implements AutoCloseable {
  private static final long WAIT_MS = 100;

  private final Supplier<TaskLoop> factory;
  private final ReadRetry retry;
  private TaskLoop loop;

  DeferredTaskLoop(Supplier<TaskLoop> factory, ReadRetry retry) {
    this.factory = factory;
    this.retry = retry;
  }

  /**
   * Builds the loop unless built or still backing off; returns whether it runs.
   *
   * @throws org.apache.kafka.connect.errors.ConnectException when the error is not transient or the
   *     retry timeout ran out
   */
  boolean start() {
    if (loop != null) {
      return true;
    }
    if (retry.waiting()) {
      return false;
    }
    try {
      loop = factory.get();
    } catch (MongoException e) {
      retry.failed(e);
      return false;
    }
    retry.succeeded();
    return true;
  }

  /** The loop's records, or an empty list while it cannot be built yet. */
  List<SourceRecord> poll(BooleanSupplier stopping) throws InterruptedException {
    if (!start()) {
      Thread.sleep(WAIT_MS);
      return List.of();
    }
    return loop.poll(stopping);
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
