package io.mongoelastic.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link KafkaArrivalTap} in a JVM of its own (see {@link KafkaArrivalTapProcess}), so its
 * consumer's fetch buffers over every topic do not count in the runner's heap figures. Talks over
 * its standard streams:
 *
 * <ol>
 *   <li>{@code CLOCK} lines in, each answered with {@code CLOCK <System.nanoTime()>}: the parent
 *       matches this JVM's clock with its own;
 *   <li>{@code TOPIC <name>} lines, then {@code START}: the tap opens at the end of each topic's
 *       partitions and {@code READY} goes out;
 *   <li>then one line per record: {@code DOC <nanos> <rev> <id>}, {@code TOMBSTONE <nanos> <id>} or
 *       {@code SNAPSHOT_END <nanos>};
 *   <li>until standard input closes.
 * </ol>
 *
 * <p>Arguments: bootstrap servers, partitions per topic.
 */
public final class KafkaArrivalTapMain {
  private KafkaArrivalTapMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    int partitions = Integer.parseInt(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    List<String> topics = new ArrayList<>();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("CLOCK")) {
        out.println("CLOCK " + System.nanoTime());
        out.flush();
      } else if (line.startsWith("TOPIC ")) {
        topics.add(line.substring(6));
      } else if (line.equals("START")) {
        break;
      }
    }
    KafkaArrivalTap.Listener listener =
        (id, tombstone, rev, nanos) -> {
          synchronized (out) {
            out.println(
                tombstone
                    ? "TOMBSTONE " + nanos + " " + id
                    : "DOC " + nanos + " " + rev + " " + id);
            out.flush();
          }
        };
    try (KafkaArrivalTap tap =
        new KafkaArrivalTap(
            bootstrap,
            topics,
            partitions,
            listener,
            nanos -> {
              synchronized (out) {
                out.println("SNAPSHOT_END " + nanos);
                out.flush();
              }
            })) {
      synchronized (out) {
        out.println("READY");
        out.flush();
      }
      while (in.read() >= 0) {
        // Tap until the parent closes the pipe or exits.
      }
    }
    System.exit(0);
  }
}
