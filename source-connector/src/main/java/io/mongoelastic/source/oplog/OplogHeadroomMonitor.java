package io.mongoelastic.source.oplog;

import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a task's oplog headroom every {@code stream.oplog.headroom.interval.ms} on a thread of
 * its own, publishes it in the task's metrics and logs a WARN when it falls below {@code
 * stream.oplog.headroom.warn.percent} (once per fall; an INFO when it is back above). The stream's
 * position is the wall time of the last change the task sent, or the newest oplog entry when its
 * stream has nothing new. Without read access to local.oplog.rs it logs one WARN and stops.
 */
public final class OplogHeadroomMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OplogHeadroomMonitor.class);

  private final OplogWindowReader reader;
  private final SourceTaskMetrics metrics;
  private final OplogHeadroomConfig.Settings settings;
  private final String task;
  private final ScheduledExecutorService timer;
  private boolean warned;
  private volatile boolean stopped;

  OplogHeadroomMonitor(
      OplogWindowReader reader,
      SourceTaskMetrics metrics,
      OplogHeadroomConfig.Settings settings,
      String task) {
    this.reader = reader;
    this.metrics = metrics;
    this.settings = settings;
    this.task = task;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "oplog-headroom-" + task);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts measuring, unless the interval is 0. */
  public static OplogHeadroomMonitor start(
      OplogWindowReader reader,
      SourceTaskMetrics metrics,
      OplogHeadroomConfig.Settings settings,
      String task) {
    OplogHeadroomMonitor monitor = new OplogHeadroomMonitor(reader, metrics, settings, task);
    if (settings.intervalMs() > 0) {
      monitor.timer.scheduleWithFixedDelay(
          monitor::measureSafely,
          settings.intervalMs(),
          settings.intervalMs(),
          TimeUnit.MILLISECONDS);
    }
    return monitor;
  }

  /** One measurement that never throws; package-private so a test can drive it. */
  void measureSafely() {
    try {
      measure();
    } catch (OplogWindowReader.NotPermittedException e) {
      metrics.oplogHeadroom(OplogHeadroom.UNKNOWN);
      LOG.warn(
          "{}: oplog headroom is not reported: reading local.oplog.rs was refused ({}). Grant the"
              + " connector's user read on the 'local' database to see it, or set {}=0 to stop"
              + " trying.",
          task,
          e.getMessage(),
          OplogHeadroomConfig.INTERVAL_MS);
      timer.shutdown();
      stopped = true;
    } catch (RuntimeException e) {
      // A connection problem: the task's own reads report it; headroom is just unknown for now.
      metrics.oplogHeadroom(OplogHeadroom.UNKNOWN);
      LOG.debug("{}: cannot measure the oplog headroom: {}", task, e.toString());
    }
  }

  /** One measurement; package-private so a test can drive it without the timer. */
  void measure() {
    Optional<OplogWindow> window = reader.read();
    long position = window.map(w -> metrics.streamPositionWallMs(w.newestWallMs())).orElse(-1L);
    if (window.isEmpty() || position < 0) {
      metrics.oplogHeadroom(OplogHeadroom.UNKNOWN);
      return;
    }
    OplogHeadroom headroom = OplogHeadroom.of(position, window.get());
    metrics.oplogHeadroom(headroom);
    boolean low = settings.warnPercent() > 0 && headroom.percent() < settings.warnPercent();
    if (low && !warned) {
      LOG.warn(
          "{}: oplog headroom is {} % ({} ms of a {} ms oplog window), below {}={}: the change"
              + " stream is close to losing history. Enlarge the oplog (replSetResizeOplog or a"
              + " minimum retention period) or speed up the pipeline.",
          task,
          headroom.percent(),
          headroom.ms(),
          window.get().lengthMs(),
          OplogHeadroomConfig.WARN_PERCENT,
          settings.warnPercent());
    } else if (!low && warned) {
      LOG.info("{}: oplog headroom is back to {} %", task, headroom.percent());
    }
    warned = low;
  }

  /** Whether measuring stopped for good (no read access to local.oplog.rs). */
  boolean stopped() {
    return stopped;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
