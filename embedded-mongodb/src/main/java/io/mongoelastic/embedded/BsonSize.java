package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The encoded BSON size of a document, for the reply-size limit, the event size limit and the oplog
 * byte bound. It is computed from the values, the way mongo-java-server's encoder lays them out,
 * without encoding: every document of a reply is encoded once anyway, by the wire encoder, and
 * encoding it a second time only to measure it cost about a third of the server's CPU in a
 * snapshot. Values of types the encoder may not know are measured by encoding them.
 */
final class BsonSize {
  /** MongoDB's maximum user document size, which also caps the documents of one reply batch. */
  static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

  private static final int LENGTH_AND_TERMINATOR = 5;

  private BsonSize() {}

  static int of(Document document) {
    return document == null ? 0 : ofDocument(document);
  }

  private static int ofDocument(Map<String, ?> document) {
    int size = LENGTH_AND_TERMINATOR;
    for (Map.Entry<String, ?> field : document.entrySet()) {
      size += element(utf8Length(field.getKey()), field.getValue());
    }
    return size;
  }

  /** Type byte, name, name terminator and value. */
  private static int element(int nameBytes, Object value) {
    return 1 + nameBytes + 1 + ofValue(value);
  }

  private static int ofValue(Object value) {
    if (value == null || value instanceof MinKey || value instanceof MaxKey) {
      return 0;
    } else if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> document = (Map<String, ?>) map;
      return ofDocument(document);
    } else if (value instanceof String string) {
      return 4 + utf8Length(string) + 1;
    } else if (value instanceof Integer) {
      return 4;
    } else if (value instanceof Long
        || value instanceof Double
        || value instanceof Instant
        || value instanceof BsonTimestamp) {
      return 8;
    } else if (value instanceof Boolean) {
      return 1;
    } else if (value instanceof ObjectId) {
      return 12;
    } else if (value instanceof Decimal128) {
      return 16;
    } else if (value instanceof BinData data) {
      return 4 + 1 + data.getData().length;
    } else if (value instanceof UUID || value instanceof LegacyUUID) {
      return 4 + 1 + 16;
    } else if (value instanceof Collection<?> array) {
      int size = LENGTH_AND_TERMINATOR;
      int index = 0;
      for (Object element : array) {
        size += element(digits(index++), element);
      }
      return size;
    } else if (value instanceof BsonRegularExpression regex) {
      return utf8Length(regex.getPattern()) + 1 + utf8Length(regex.getOptions()) + 1;
    } else if (value instanceof BsonJavaScript code) {
      return 4 + utf8Length(code.getCode()) + 1;
    }
    return encodedValueSize(value);
  }

  private static int encodedValueSize(Object value) {
    ByteBuf buffer = Unpooled.buffer();
    try {
      BsonEncoder.encodeDocument(new Document("", value), buffer);
      return buffer.writerIndex() - LENGTH_AND_TERMINATOR - 2;
    } finally {
      buffer.release();
    }
  }

  private static int digits(int index) {
    int digits = 1;
    for (int rest = index; rest >= 10; rest /= 10) {
      digits++;
    }
    return digits;
  }

  /** UTF-8 length as {@link String#getBytes} produces it (a lone surrogate becomes '?'). */
  static int utf8Length(String string) {
    int length = 0;
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < string.length()
          && Character.isLowSurrogate(string.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 1;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
