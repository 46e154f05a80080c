package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Measures the server's work per returned document in a snapshot read: cutting a batch at 16 MiB
 * and writing the reply. Before: each document encoded to learn its size, then encoded again by
 * mongo-java-server's reply encoder. After: each document encoded once into an {@link
 * EncodedBatch}, whose bytes {@link ReplyMessageEncoder} copies. Reports thread CPU time (the build
 * machine is shared; wall-clock time there is mostly waiting). Not a test; nothing asserts timings.
 *
 * <p>Arguments: {@code [batches=400] [rounds=15]}; batches of 101 documents of ~0.9 KB.
 */
public final class ReplySizeCheckBench {
  private static final int BATCH = 101;

  private ReplySizeCheckBench() {}

  public static void main(String[] args) {
    int batches = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    List<List<Document>> data = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < BATCH; i++) {
        batch.add(sample(b * BATCH + i));
      }
      data.add(batch);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double documents = batches * (double) BATCH;
    for (int round = 0; round < rounds; round++) {
      long start = threads.getCurrentThreadCpuTime();
      long bytes = write(new MongoWireMessageEncoder(), data, ReplySizeCheckBench::measuredTwice);
      long before = threads.getCurrentThreadCpuTime() - start;
      start = threads.getCurrentThreadCpuTime();
      bytes += write(new ReplyMessageEncoder(), data, ReplySizeCheckBench::encodedOnce);
      long after = threads.getCurrentThreadCpuTime() - start;
      System.out.printf(
          Locale.ROOT,
          "round %d: before %.0f ns/doc, after %.0f ns/doc (%d bytes)%n",
          round,
          before / documents,
          after / documents,
          bytes);
    }
  }

  private static long write(
      ChannelHandler encoder,
      List<List<Document>> data,
      Function<List<Document>, List<Document>> cut) {
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    long bytes = 0;
    for (List<Document> documents : data) {
      Document reply =
          new Document(
                  "cursor",
                  new Document("id", 1L)
                      .append("ns", "db.c")
                      .append("nextBatch", cut.apply(documents)))
              .append("ok", 1.0);
      channel.writeOutbound(new MongoMessage(channel, new MessageHeader(1, 1), reply));
      ByteBuf written = channel.readOutbound();
      bytes += written.readableBytes();
      written.release();
    }
    channel.finishAndReleaseAll();
    return bytes;
  }

  /** The old cut: every document encoded to measure it. */
  private static List<Document> measuredTwice(List<Document> documents) {
    List<Document> batch = new ArrayList<>();
    long bytes = 0;
    for (Document document : documents) {
      ByteBuf buffer = Unpooled.buffer();
      BsonEncoder.encodeDocument(document, buffer);
      bytes += buffer.writerIndex();
      buffer.release();
      if (bytes > BsonSize.MAX_BATCH_BYTES) {
        break;
      }
      batch.add(document);
    }
    return batch;
  }

  /** The new cut: every document encoded once, into the batch. */
  private static List<Document> encodedOnce(List<Document> documents) {
    EncodedBatch batch = new EncodedBatch();
    long bytes = 0;
    for (Document document : documents) {
      bytes += batch.encode(document);
      if (bytes > BsonSize.MAX_BATCH_BYTES) {
        break;
      }
      batch.addEncoded(document);
    }
    return batch;
  }

  /** A document like the snapshot benchmarks' (ids, strings, numbers, a date, a list). */
  private static Document sample(int i) {
    List<Document> lines = new ArrayList<>();
    for (int line = 0; line < 5; line++) {
      lines.add(
          new Document("sku", "SKU-" + (i * 7 + line))
              .append("quantity", line + 1)
              .append("price", 9.99 * (line + 1)));
    }
    return new Document("_id", new ObjectId())
        .append("orderNumber", (long) i)
        .append(
            "customer",
            new Document("name", "Customer " + i).append("email", "c" + i + "@example.org"))
        .append("status", i % 3 == 0 ? "shipped" : "open")
        .append("createdAt", Instant.ofEpochMilli(1_700_000_000_000L + i))
        .append("notes", "x".repeat(500))
        .append("lines", lines);
  }
}
