package io.mongoelastic.source.oplog;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import io.mongoelastic.embedded.FailPoints;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Headroom measured against the embedded server's local.oplog.rs: it falls when the oplog is
 * trimmed up to the stream's position, with one WARN naming the setting.
 */
class OplogHeadroomMonitorTest {
  // A server of its own: it measures the whole oplog (which other classes write to), trims all of
  // it, and fails every read of local.oplog.rs while a test runs.
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.ownServer();

  @Test
  void readsTheWindowFromTheOldestAndNewestOplogEntry() throws Exception {
    MongoCollection<Document> items =
        MONGO.client().getDatabase("headroom").getCollection("window");
    items.insertOne(new Document("_id", 1));
    Thread.sleep(30);
    items.insertOne(new Document("_id", 2));

    OplogWindow window = new OplogWindowReader(MONGO.client()).read().orElseThrow();

    assertThat(window.lengthMs()).isGreaterThanOrEqualTo(30);
    assertThat(window.newestWallMs()).isLessThanOrEqualTo(System.currentTimeMillis());
  }

  @Test
  void headroomFallsWhenTheOplogIsTrimmedUpToThePositionAndWarnsOnce() throws Exception {
    MongoCollection<Document> items = MONGO.client().getDatabase("headroom").getCollection("trim");
    for (int i = 0; i < 3; i++) {
      items.insertOne(new Document("_id", i));
      Thread.sleep(40);
    }
    OplogWindowReader reader = new OplogWindowReader(MONGO.client());
    OplogWindow before = reader.read().orElseThrow();
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("headroom-test", 0)) {
      OplogHeadroomMonitor monitor =
          new OplogHeadroomMonitor(
              reader, metrics, new OplogHeadroomConfig.Settings(1_000, 20.0), "headroom-test-0");
      metrics.streamCaughtUp();
      String caughtUpLog = logOf(monitor::measure);
      assertThat(metrics.getOplogHeadroomPercent()).isEqualTo(100.0);
      assertThat(metrics.getOplogHeadroomMs()).isEqualTo(before.lengthMs());
      assertThat(caughtUpLog).doesNotContain("WARN");

      // The stream falls behind: its position is the oldest change but one.
      long position = before.oldestWallMs() + before.lengthMs() / 2;
      metrics.streamEvent(position);
      monitor.measure();
      assertThat(metrics.getOplogHeadroomPercent()).isBetween(30.0, 70.0);

      // The oplog rolls over up to the newest entry: nothing is left behind the position.
      Document newest =
          MONGO
              .client()
              .getDatabase("local")
              .getCollection("oplog.rs")
              .find()
              .sort(new Document("$natural", -1))
              .first();
      MONGO.server().trimOplogBefore(newest.get("ts", BsonTimestamp.class).getValue());
      String trimmedLog = logOf(monitor::measure);
      String againLog = logOf(monitor::measure);

      assertThat(metrics.getOplogHeadroomMs()).isZero();
      assertThat(metrics.getOplogHeadroomPercent()).isZero();
      assertThat(trimmedLog)
          .contains("WARN")
          .contains("headroom-test-0")
          .contains("stream.oplog.headroom.warn.percent");
      assertThat(againLog).as("one WARN per fall").doesNotContain("WARN");
    }
  }

  @Test
  void aRefusedReadOfLocalLeavesHeadroomUnknownWarnsOnceAndStops() {
    // MongoDB's Unauthorized (13), as for a user without read on 'local'.
    MONGO
        .server()
        .failPoints()
        .failCommand("find")
        .namespace("local.oplog.rs")
        .errorCode(13)
        .alwaysOn();
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("headroom-refused", 0)) {
      OplogHeadroomMonitor monitor =
          new OplogHeadroomMonitor(
              new OplogWindowReader(MONGO.client()),
              metrics,
              new OplogHeadroomConfig.Settings(1_000, 20.0),
              "headroom-refused-0");
      metrics.streamCaughtUp();

      String log = logOf(monitor::measureSafely);

      assertThat(metrics.getOplogHeadroomMs()).isEqualTo(-1);
      assertThat(metrics.getOplogHeadroomPercent()).isEqualTo(-1.0);
      assertThat(log)
          .contains("WARN")
          .contains("Unauthorized")
          .contains("read on the 'local' database")
          .contains("stream.oplog.headroom.interval.ms=0");
      assertThat(monitor.stopped()).isTrue();
    } finally {
      MONGO.server().failPoints().off(FailPoints.FAIL_COMMAND);
    }
  }

  /** What slf4j-simple (the test binding, writing to System.err) printed while running. */
  private static String logOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
