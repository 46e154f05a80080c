package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oplog headroom of a running connector in a real worker: 100 % while its stream is caught up, then
 * the embedded oplog rolls over up to the newest entry (nothing left behind the position) and the
 * task's MBean shows 0 and the task logs the WARN naming the setting, while it keeps running.
 */
class OplogHeadroomIT {
  private static final String NAME = "headroom";
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(
        SharedServices.mongo().isEmbedded(), "needs the embedded server's oplog trimming");
    stack = ConnectStack.builder("source-headroom").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void headroomFallsWhenTheOplogRollsUpToTheStreamAndTheTaskWarns() throws Exception {
    String database = "headroom" + System.nanoTime();
    MongoClient client = SharedServices.mongo().client();
    MongoCollection<Document> coll = client.getDatabase(database).getCollection("c");
    coll.insertOne(new Document("_id", 1));
    Map<String, String> config = SourceItConfigs.connector(stack, database, "c");
    config.put("stream.oplog.headroom.interval.ms", "300");
    config.put("stream.oplog.headroom.warn.percent", "20");
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName task =
        new ObjectName(
            "io.mongoelastic:type=source-task,connector=" + ObjectName.quote(NAME) + ",task=0");
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try {
      stack.cluster().configureConnector(NAME, config);
      coll.insertOne(new Document("_id", 2));
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  jmx.isRegistered(task)
                      && (double) jmx.getAttribute(task, "OplogHeadroomPercent") == 100.0);

      // slf4j-simple writes to the current System.err: keep it visible and capture it.
      System.setErr(new PrintStream(new Tee(originalErr, log), true, StandardCharsets.UTF_8));
      Document newest =
          client
              .getDatabase("local")
              .getCollection("oplog.rs")
              .find()
              .sort(new Document("$natural", -1))
              .first();
      SharedServices.mongo()
          .embedded()
          .trimOplogBefore(newest.get("ts", BsonTimestamp.class).getValue());

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat((double) jmx.getAttribute(task, "OplogHeadroomPercent")).isZero();
                assertThat((long) jmx.getAttribute(task, "OplogHeadroomMs")).isZero();
                assertThat(log.toString(StandardCharsets.UTF_8))
                    .contains(NAME + "-0: oplog headroom is 0.0 %")
                    .contains("stream.oplog.headroom.warn.percent=20.0");
              });
      assertThat(stack.cluster().connectorStatus(NAME).tasks().get(0).state()).isEqualTo("RUNNING");
    } finally {
      System.setErr(originalErr);
      stack.cluster().deleteConnector(NAME);
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
