package io.mongoelastic.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.Document;

/**
 * Deterministic documents of about 1 KB of JSON: the same number always gives the same document, so
 * every path (NDJSON files, BulkIngester, Kafka, MongoDB) indexes identical content.
 */
public final class DocumentGenerator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EPOCH_MS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final String[] FIRST = {
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Margaret", "Linus", "Radia"
  };
  private static final String[] LAST = {
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Thompson", "Hamilton", "Perlman"
  };
  private static final String[] CITIES = {
    "Lisbon", "Oslo", "Tallinn", "Porto", "Ghent", "Lyon", "Krakow", "Turin", "Bergen", "Aarhus"
  };
  private static final String[] WORDS = {
    "replica",
    "shard",
    "index",
    "stream",
    "offset",
    "cursor",
    "token",
    "bulk",
    "mapping",
    "field",
    "snapshot",
    "segment",
    "merge",
    "refresh",
    "flush",
    "commit",
    "partition",
    "broker",
    "worker",
    "task",
    "record",
    "header",
    "schema",
    "version",
    "document",
    "collection",
    "query",
    "vector",
    "search",
    "cluster",
    "node",
    "queue",
    "batch",
    "latency",
    "throughput",
    "memory",
    "buffer"
  };
  private static final int DESCRIPTION_CHARS = 560;

  private DocumentGenerator() {}

  /** The document id of number {@code n}: a zero-padded string, also the Kafka key. */
  public static String id(long n) {
    return String.format("doc-%08d", n);
  }

  /** The fields of document {@code n} (no id), in a stable order. */
  public static Map<String, Object> fields(long n) {
    SplittableRandom random = new SplittableRandom(0x5EED_0000L + n);
    Map<String, Object> doc = new LinkedHashMap<>();
    String first = FIRST[random.nextInt(FIRST.length)];
    String last = LAST[random.nextInt(LAST.length)];
    doc.put("name", first + " " + last);
    doc.put("email", (first + "." + last + n).toLowerCase() + "@example.org");
    doc.put("age", 18 + random.nextInt(70));
    doc.put("active", random.nextBoolean());
    doc.put("score", Math.round(random.nextDouble() * 10_000) / 100.0);
    doc.put("counter", random.nextLong(1_000_000_000L));
    doc.put("createdAt", Instant.ofEpochMilli(EPOCH_MS + n * 1_000L).toString());
    String city = CITIES[random.nextInt(CITIES.length)];
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("street", random.nextInt(1, 400) + " " + WORDS[random.nextInt(WORDS.length)]);
    address.put("zip", String.format("%05d", random.nextInt(100_000)));
    address.put("city", city);
    doc.put("address", address);
    doc.put(
        "tags",
        List.of(
            WORDS[random.nextInt(WORDS.length)],
            WORDS[random.nextInt(WORDS.length)],
            WORDS[random.nextInt(WORDS.length)]));
    StringBuilder text = new StringBuilder(DESCRIPTION_CHARS + 16);
    while (text.length() < DESCRIPTION_CHARS) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    doc.put("description", text.toString().trim());
    doc.put("rev", 0);
    return doc;
  }

  /** Document {@code n} as JSON bytes (about 1 KB). */
  public static byte[] json(long n) {
    return json(fields(n));
  }

  static byte[] json(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsBytes(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialise a generated document", e);
    }
  }

  /** Document {@code n} for MongoDB, with its id as {@code _id}. */
  public static Document bson(long n) {
    Document doc = new Document("_id", id(n));
    doc.putAll(fields(n));
    return doc;
  }
}
