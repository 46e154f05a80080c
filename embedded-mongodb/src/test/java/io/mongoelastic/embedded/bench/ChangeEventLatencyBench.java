package io.mongoelastic.embedded.bench;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mongoelastic.embedded.EmbeddedMongo;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;

/**
 * Measures change-event latency (insert acknowledged → event delivered through the driver) at a
 * steady write rate with a large history already in the oplog. Not a test.
 *
 * <p>Arguments: {@code before|after [historyEvents=1000000] [writesPerSecond=1000] [seconds=20]}.
 * {@code before} is mongo-java-server's own oplog, {@code after} is {@link EmbeddedMongo}.
 */
public final class ChangeEventLatencyBench {
  private ChangeEventLatencyBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "after";
    int history = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

    AutoCloseable server;
    String uri;
    if (mode.equals("before")) {
      MongoServer builtIn = new MongoServer(new MemoryBackend());
      builtIn.enableOplog();
      builtIn.bind(new InetSocketAddress("127.0.0.1", 0), 1, 64);
      server = builtIn::shutdownNow;
      uri =
          "mongodb://127.0.0.1:" + builtIn.getLocalAddress().getPort() + "/?directConnection=true";
    } else {
      EmbeddedMongo embedded = EmbeddedMongo.start();
      server = embedded;
      uri = embedded.connectionString();
    }
    try (server;
        MongoClient writer = MongoClients.create(uri);
        MongoClient reader = MongoClients.create(uri)) {
      MongoCollection<Document> history0 = writer.getDatabase("bench").getCollection("history");
      long fillStart = System.nanoTime();
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < history; i++) {
        batch.add(new Document("_id", i).append("v", i));
        if (batch.size() == 1000) {
          history0.insertMany(batch);
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        history0.insertMany(batch);
      }
      System.out.printf(
          Locale.ROOT,
          "%s: %,d history events written in %.1f s%n",
          mode,
          history,
          (System.nanoTime() - fillStart) / 1e9);

      MongoCollection<Document> live = writer.getDatabase("bench").getCollection("live");
      List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean running = new AtomicBoolean(true);
      MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
          reader
              .getDatabase("bench")
              .getCollection("live")
              .watch()
              .maxAwaitTime(1, TimeUnit.SECONDS)
              .cursor();
      Thread consumer =
          new Thread(
              () -> {
                while (running.get()) {
                  ChangeStreamDocument<Document> event = cursor.tryNext();
                  if (event != null && event.getFullDocument() != null) {
                    long sent = event.getFullDocument().getLong("sentNanos");
                    latenciesMicros.add((System.nanoTime() - sent) / 1000);
                  }
                }
              });
      consumer.start();

      // Several writers, so the rate does not depend on one connection's round-trip time.
      int writers = 4;
      long intervalNanos = 1_000_000_000L * writers / rate;
      long start = System.nanoTime();
      java.util.concurrent.atomic.AtomicInteger writtenCount =
          new java.util.concurrent.atomic.AtomicInteger();
      List<Thread> writerThreads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writerId = w;
        Thread thread =
            new Thread(
                () -> {
                  long n = 0;
                  while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                    long wait = start + n * intervalNanos - System.nanoTime();
                    if (wait > 0) {
                      try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                    live.insertOne(
                        new Document("_id", writerId + "-" + n)
                            .append("sentNanos", System.nanoTime()));
                    writtenCount.incrementAndGet();
                    n++;
                  }
                });
        thread.start();
        writerThreads.add(thread);
      }
      for (Thread thread : writerThreads) {
        thread.join();
      }
      int written = writtenCount.get();
      long writeSeconds = (System.nanoTime() - start) / 1_000_000_000L;
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (latenciesMicros.size() < written && System.nanoTime() < drainDeadline) {
        Thread.sleep(50);
      }
      running.set(false);
      consumer.join(5000);
      cursor.close();

      List<Long> sorted = new ArrayList<>(latenciesMicros);
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%s: %d writes in %d s (%.0f/s), %d events delivered; latency ms p50 %.2f p95 %.2f p99"
              + " %.2f max %.2f%n",
          mode,
          written,
          writeSeconds,
          written / (double) Math.max(1, writeSeconds),
          sorted.size(),
          percentile(sorted, 0.50),
          percentile(sorted, 0.95),
          percentile(sorted, 0.99),
          sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1) / 1000.0);
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1)));
    return sorted.get(index) / 1000.0;
  }
}
