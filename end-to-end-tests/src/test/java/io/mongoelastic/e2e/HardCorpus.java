package io.mongoelastic.e2e;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.BsonBinarySubType;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;

/**
 * Hard but legal MongoDB documents for a mirror: every BSON type the embedded server stores, ids of
 * many types (some over 512 bytes; Symbol, which the embedded server does not decode, is left out),
 * a field whose type drifts from document to document, mixed object/scalar arrays, 30-level
 * nesting, metadata and awkward field names, 900 kB strings, and numbers at the edges of double and
 * beyond 2^53. Every document has {@code seq} (its number, an int32 in every document) to find it
 * by.
 */
final class HardCorpus {
  /** The doubles of field {@code num}, by {@code seq % DOUBLES.length}. */
  static final double[] DOUBLES = {
    Double.MAX_VALUE, Double.MIN_VALUE, 0.1, Math.nextUp(0.1), -1.5, 1e-300, 123456.789
  };

  /** Field {@code big}: odd longs beyond 2^53, which no double holds exactly. */
  static long big(int seq) {
    return 9_007_199_254_740_993L + 2L * seq;
  }

  private HardCorpus() {}

  static Document document(int seq) {
    Document doc = new Document("_id", id(seq)).append("seq", seq).append("corpus", "hard");
    doc.append("num", DOUBLES[seq % DOUBLES.length]).append("big", big(seq));
    doc.append("v", drifting(seq));
    doc.append("mixed", seq % 5 == 0 ? List.of(1, new Document("a", 1), "s") : List.of(seq));
    doc.append("at", new Date(-5_000_000_000_000L + seq * 3_217_000_000L));
    doc.append("price", Decimal128.parse("12345678901234567890.12345678" + seq));
    doc.append("bin", new Binary(new byte[] {1, 2, 3, (byte) seq}));
    doc.append("uuid", uuid(seq, 7));
    doc.append("re", new BsonRegularExpression("^a" + seq, "i"));
    doc.append("ts", new BsonTimestamp(1_700_000_000, seq));
    doc.append("edge", seq % 2 == 0 ? new MinKey() : new MaxKey());
    doc.append("code", new Code("return " + seq));
    doc.append("nothing", null);
    doc.append("flag", seq % 3 == 0);
    if (seq % 10 == 0) {
      doc.append("deep", nested(30, seq));
    }
    switch (seq % 50) {
      case 1 -> doc.append("_source", new Document("x", seq));
      case 2 -> doc.append("_routing", "r" + seq);
      case 3 -> doc.append("_index", seq);
      case 4 -> doc.append("a.b", seq).append("", "empty name").append("x..y", 1);
      case 5 -> doc.append(" ", "blank name").append("$dollar", seq).append("ünï", "çødé");
      default -> {}
    }
    if (seq % 500 == 7) {
      doc.append("blob", "x".repeat(900_000)); // under Kafka's default 1 MB record limit
    }
    return doc;
  }

  private static Object id(int seq) {
    return switch (seq % 8) {
      case 0 -> new ObjectId();
      case 1 -> "s-" + seq;
      case 2 -> seq;
      case 3 -> 1_000_000_000_000L + seq;
      case 4 -> "long-id-" + seq + "-" + "x".repeat(600);
      case 5 -> new Document("k", seq).append("t", "composite");
      case 6 -> uuid(seq, seq);
      default -> new Date(seq * 1000L);
    };
  }

  /** A field whose BSON type changes with the document. */
  private static Object drifting(int seq) {
    return switch (seq % 6) {
      case 0 -> seq;
      case 1 -> seq + 0.5;
      case 2 -> "text " + seq;
      case 3 -> new Document("x", seq);
      case 4 -> List.of(seq, seq + 1);
      default -> seq % 4 == 1;
    };
  }

  /** A UUID (binary subtype 4), as the driver writes it with the standard representation. */
  private static Binary uuid(long high, long low) {
    return new Binary(
        BsonBinarySubType.UUID_STANDARD,
        ByteBuffer.allocate(16).putLong(high).putLong(low).array());
  }

  private static Document nested(int levels, int seq) {
    Document inner = new Document("leaf", seq);
    for (int i = 1; i < levels; i++) {
      inner = new Document("n", inner);
    }
    return inner;
  }

  static List<Document> documents(int count) {
    List<Document> documents = new ArrayList<>(count);
    for (int seq = 0; seq < count; seq++) {
      documents.add(document(seq));
    }
    return documents;
  }
}
