package io.mongoelastic.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A {@link KafkaArrivalTap} in a child JVM ({@link KafkaArrivalTapMain}): the runner's heap figure
 * then holds the worker and the broker only, not a consumer of every topic. Arrival times come back
 * on this JVM's {@link System#nanoTime()} scale, the one the writers stamp their changes with: at
 * start the child's clock is read in round trips over its pipes, and the offset of the quickest
 * round trip (error at most half of it, tens of microseconds) converts every arrival.
 */
final class KafkaArrivalTapProcess implements AutoCloseable {
  private static final int CLOCK_ROUNDS = 50;
  private final Process process;
  private final Writer toChild;
  private final Thread reader;
  private final long offsetNanos;
  private final long offsetErrorNanos;

  private KafkaArrivalTapProcess(
      Process process, Writer toChild, Thread reader, long offsetNanos, long offsetErrorNanos) {
    this.process = process;
    this.toChild = toChild;
    this.reader = reader;
    this.offsetNanos = offsetNanos;
    this.offsetErrorNanos = offsetErrorNanos;
  }

  /**
   * Starts the child, opens its tap at the end of every topic's partitions and returns once open.
   */
  static KafkaArrivalTapProcess start(
      String bootstrapServers,
      List<String> topics,
      int partitions,
      KafkaArrivalTap.Listener listener,
      LongConsumer snapshotEnded,
      Path logFile) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = null;
    try {
      Files.createDirectories(logFile.getParent());
      process =
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-XX:+UseParallelGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  KafkaArrivalTapMain.class.getName(),
                  bootstrapServers,
                  Integer.toString(partitions))
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      Process child = process;
      Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "tap-kill"));
      Writer out = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      long bestRoundTrip = Long.MAX_VALUE;
      long offset = 0;
      for (int round = 0; round < CLOCK_ROUNDS; round++) {
        long sent = System.nanoTime();
        out.write("CLOCK\n");
        out.flush();
        String reply = expect(in, "CLOCK ", logFile);
        long received = System.nanoTime();
        long childNanos = Long.parseLong(reply.substring(6));
        if (received - sent < bestRoundTrip) {
          bestRoundTrip = received - sent;
          offset = childNanos - (sent + received) / 2;
        }
      }
      for (String topic : topics) {
        out.write("TOPIC " + topic + "\n");
      }
      out.write("START\n");
      out.flush();
      expect(in, "READY", logFile);
      long clockOffset = offset;
      Thread reader =
          new Thread(
              () -> relay(in, listener, snapshotEnded, clockOffset), "freshness-kafka-tap-relay");
      reader.setDaemon(true);
      reader.start();
      return new KafkaArrivalTapProcess(process, out, reader, offset, bestRoundTrip / 2);
    } catch (IOException | RuntimeException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      throw e instanceof IOException io
          ? new UncheckedIOException("Cannot start the Kafka arrival tap process", io)
          : (RuntimeException) e;
    }
  }

  private static String expect(BufferedReader in, String prefix, Path logFile) throws IOException {
    String line = in.readLine();
    if (line == null || !line.startsWith(prefix)) {
      throw new IllegalStateException(
          "Kafka arrival tap process answered "
              + line
              + " instead of "
              + prefix
              + "; see "
              + logFile);
    }
    return line;
  }

  private static void relay(
      BufferedReader in,
      KafkaArrivalTap.Listener listener,
      LongConsumer snapshotEnded,
      long offset) {
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String kind = line.substring(0, Math.max(0, line.indexOf(' ')));
        switch (kind) {
          case "DOC" -> {
            String[] parts = line.split(" ", 4); // DOC nanos rev id
            long nanos = Long.parseLong(parts[1]) - offset;
            listener.arrived(parts[3], false, Integer.parseInt(parts[2]), nanos);
          }
          case "TOMBSTONE" -> {
            String[] parts = line.split(" ", 3); // TOMBSTONE nanos id
            listener.arrived(parts[2], true, -1, Long.parseLong(parts[1]) - offset);
          }
          case "SNAPSHOT_END" -> snapshotEnded.accept(Long.parseLong(line.substring(13)) - offset);
          default -> BenchmarkContext.log("arrival tap process: unexpected line %s", line);
        }
      }
    } catch (IOException e) {
      // the child ended
    }
  }

  /** The child's clock minus this JVM's, as measured at start. */
  long clockOffsetNanos() {
    return offsetNanos;
  }

  /** Half the quickest clock round trip: the most the offset can be wrong by. */
  long clockOffsetErrorNanos() {
    return offsetErrorNanos;
  }

  @Override
  public void close() {
    try {
      toChild.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      reader.join(5_000);
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
