package io.mongoelastic.sink.document;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Derives the Elasticsearch {@code _id} of a record from its key, so equal keys always give equal
 * ids:
 *
 * <ul>
 *   <li>String → as is (the MongoDB source's encoded {@code _id}); an empty string is malformed.
 *   <li>Integer, Long, Short, Byte, Boolean, Float, Double → Java text ({@code 42}, {@code true},
 *       {@code 1.5}); BigDecimal (Decimal) → plain notation keeping its scale ({@code 1.50}).
 *   <li>Struct, Map, List → compact JSON with object fields sorted by name ({@code {"a":1,"b":2}});
 *       logical types inside as in documents (see {@link ConnectValueWriter}).
 *   <li>byte[] / ByteBuffer → unpadded base64url.
 *   <li>null key → {@code <topic>+<partition>+<offset>} of the record's ORIGINAL coordinates, so
 *       topic-renaming transforms do not change ids ({@code +} cannot occur in a topic name).
 * </ul>
 *
 * <p>Elasticsearch rejects a whole bulk request when one id is longer than {@value #MAX_ID_BYTES}
 * UTF-8 bytes, so such an id is replaced by {@value #HASHED_ID_PREFIX} followed by the lowercase
 * hex SHA-256 of its UTF-8 bytes (71 characters in all), and the original id is kept in the
 * document (see {@link DocumentId#original()}).
 *
 * <p>Thread-safe.
 */
public final class DocumentIdResolver {
  /** The longest {@code _id} Elasticsearch accepts, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 512;

  /** Prefix of ids that are the SHA-256 hash of a too-long id. */
  public static final String HASHED_ID_PREFIX = "sha256:";

  /**
   * The id of {@code record}.
   *
   * @throws MalformedDocumentException when the key is an empty string or of an unsupported type
   */
  public DocumentId resolve(SinkRecord record) {
    Object key = record.key();
    String id;
    if (key == null) {
      id =
          record.originalTopic()
              + "+"
              + record.originalKafkaPartition()
              + "+"
              + record.originalKafkaOffset();
    } else if (key instanceof Struct || key instanceof Map || key instanceof List) {
      id = canonicalJson(key, record);
    } else {
      id = ConnectValueWriter.scalarText(key, record.keySchema());
      if (id == null) {
        throw new MalformedDocumentException(
            "record key of type " + key.getClass().getName() + " cannot become a document id", "");
      }
    }
    if (id.isEmpty()) {
      throw new MalformedDocumentException(
          "record key is empty; Elasticsearch refuses an empty document id", "");
    }
    if (hasUnpairedSurrogate(id)) {
      throw new MalformedDocumentException(
          "record key contains an unpaired UTF-16 surrogate, which is not valid UTF-8 text", "");
    }
    return limit(id);
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  private static String canonicalJson(Object key, SinkRecord record) {
    try {
      return new String(
          ConnectValueWriter.sorted().toJson(key, record.keySchema()), StandardCharsets.UTF_8);
    } catch (ConnectValueWriter.InvalidValueException e) {
      throw new MalformedDocumentException("record key: " + e.getMessage(), e.pointer());
    }
  }

  /** {@code id} itself when short enough, else its hash with the original kept. */
  static DocumentId limit(String id) {
    // a char is at most 3 UTF-8 bytes (surrogate pairs are 4 for 2 chars): skip encoding short ids
    if (id.length() * 3 <= MAX_ID_BYTES) {
      return new DocumentId(id, null);
    }
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_ID_BYTES) {
      return new DocumentId(id, null);
    }
    return new DocumentId(HASHED_ID_PREFIX + HexFormat.of().formatHex(sha256(utf8)), id);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
