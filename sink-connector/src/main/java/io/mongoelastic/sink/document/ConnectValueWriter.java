package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Writes Kafka Connect data (schemaless maps and lists, Structs, primitives, logical types) as JSON
 * to a Jackson generator. Conversions (documented for users):
 *
 * <ul>
 *   <li>{@code Date} → ISO date string {@code 2024-01-31}; {@code Time} → {@code 13:45:30.123};
 *       {@code Timestamp} and schemaless {@link java.util.Date} → ISO instant in UTC {@code
 *       2024-01-31T13:45:30.123Z} (Elasticsearch's dynamic date detection maps dates and timestamps
 *       as {@code date}).
 *   <li>{@code Decimal} and {@link BigDecimal} → a JSON number in plain notation (exact in the
 *       source; map the field as {@code scaled_float}, {@code double} or {@code keyword} to keep it
 *       exact in the index).
 *   <li>bytes ({@code byte[]}, {@link ByteBuffer}) → standard Base64 string (what the {@code
 *       binary} field type takes).
 *   <li>Map keys → strings (primitives by their text form; other keys as canonical JSON).
 *   <li>NaN and infinite floats → {@link InvalidValueException} (Elasticsearch refuses them).
 * </ul>
 *
 * <p>With {@code sortFields}, object fields are written in sorted order so equal values produce
 * equal bytes (used for document ids derived from keys).
 */
final class ConnectValueWriter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** Jackson's factory is thread-safe and caches buffers and symbol tables: share one. */
  // No duplicate-name detection: it costs a quarter of the pass-through scan, and Elasticsearch
  // refuses such a document as an item-level error that reaches the same malformed-document policy.
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private static final ConnectValueWriter SORTED = new ConnectValueWriter(true);

  private final boolean sortFields;

  ConnectValueWriter(boolean sortFields) {
    this.sortFields = sortFields;
  }

  /** A writer whose objects list their fields in sorted order (canonical JSON). */
  static ConnectValueWriter sorted() {
    return SORTED;
  }

  /** {@code value} as compact JSON bytes. */
  byte[] toJson(Object value, Schema schema) {
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      write(out, value, schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A value that Elasticsearch would refuse; the path grows as the exception unwinds. */
  static final class InvalidValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> reversedPath = new ArrayList<>();

    InvalidValueException(String reason) {
      super(reason, null, false, false);
    }

    InvalidValueException within(String segment) {
      reversedPath.add(segment);
      return this;
    }

    /** The JSON Pointer of the offending value. */
    String pointer() {
      StringBuilder pointer = new StringBuilder();
      for (int i = reversedPath.size() - 1; i >= 0; i--) {
        pointer.append('/').append(reversedPath.get(i).replace("~", "~0").replace("/", "~1"));
      }
      return pointer.toString();
    }

    MalformedDocumentException toMalformed() {
      return new MalformedDocumentException(getMessage(), pointer());
    }
  }

  void write(JsonGenerator out, Object value, Schema schema) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    if (schema != null && schema.name() != null) {
      if (!logicalTypeMatches(schema.name(), value)) {
        throw new InvalidValueException(
            "value of type "
                + value.getClass().getSimpleName()
                + " does not match its logical"
                + " type "
                + schema.name());
      }
      switch (schema.name()) {
        case Decimal.LOGICAL_NAME -> {
          writeDecimal(out, (BigDecimal) value);
          return;
        }
        case Date.LOGICAL_NAME -> {
          out.writeString(dateText((java.util.Date) value));
          return;
        }
        case Time.LOGICAL_NAME -> {
          out.writeString(timeText((java.util.Date) value));
          return;
        }
        case Timestamp.LOGICAL_NAME -> {
          out.writeString(timestampText((java.util.Date) value));
          return;
        }
        default -> {
          // not a logical type we convert: fall through to the physical type
        }
      }
    }
    if (value instanceof Struct struct) {
      writeStruct(out, struct);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(out, map, schema);
    } else if (value instanceof Collection<?> list) {
      writeList(out, list, schema);
    } else {
      writeScalar(out, value);
    }
  }

  private static boolean logicalTypeMatches(String logicalName, Object value) {
    return switch (logicalName) {
      case Decimal.LOGICAL_NAME -> value instanceof BigDecimal;
      case Date.LOGICAL_NAME, Time.LOGICAL_NAME, Timestamp.LOGICAL_NAME ->
          value instanceof java.util.Date;
      default -> true;
    };
  }

  private void writeStruct(JsonGenerator out, Struct struct) throws IOException {
    List<Field> fields = struct.schema().fields();
    if (sortFields) {
      fields = new ArrayList<>(fields);
      fields.sort((a, b) -> a.name().compareTo(b.name()));
    }
    out.writeStartObject();
    for (Field field : fields) {
      out.writeFieldName(field.name());
      try {
        write(out, struct.get(field), field.schema());
      } catch (InvalidValueException e) {
        throw e.within(field.name());
      }
    }
    out.writeEndObject();
  }

  private void writeMap(JsonGenerator out, Map<?, ?> map, Schema schema) throws IOException {
    Schema keySchema = schema == null ? null : schema.keySchema();
    Schema valueSchema = schema == null ? null : schema.valueSchema();
    Map<String, Object> entries = sortFields ? new TreeMap<>() : null;
    out.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = fieldName(entry.getKey(), keySchema);
      if (entries != null) {
        entries.put(name, entry.getValue());
        continue;
      }
      out.writeFieldName(name);
      writeChild(out, entry.getValue(), valueSchema, name);
    }
    if (entries != null) {
      for (Map.Entry<String, Object> entry : entries.entrySet()) {
        out.writeFieldName(entry.getKey());
        writeChild(out, entry.getValue(), valueSchema, entry.getKey());
      }
    }
    out.writeEndObject();
  }

  private void writeChild(JsonGenerator out, Object value, Schema schema, String segment)
      throws IOException {
    try {
      write(out, value, schema);
    } catch (InvalidValueException e) {
      throw e.within(segment);
    }
  }

  private void writeList(JsonGenerator out, Collection<?> list, Schema schema) throws IOException {
    Schema elementSchema = schema == null ? null : schema.valueSchema();
    out.writeStartArray();
    int index = 0;
    for (Object element : list) {
      writeChild(out, element, elementSchema, Integer.toString(index++));
    }
    out.writeEndArray();
  }

  private void writeScalar(JsonGenerator out, Object value) throws IOException {
    if (value instanceof String text) {
      out.writeString(text);
    } else if (value instanceof Boolean bool) {
      out.writeBoolean(bool);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      out.writeNumber(((Number) value).longValue());
    } else if (value instanceof Double number) {
      out.writeNumber(finite(number));
    } else if (value instanceof Float number) {
      out.writeNumber((float) finite(number));
    } else if (value instanceof BigDecimal decimal) {
      writeDecimal(out, decimal);
    } else if (value instanceof BigInteger integer) {
      out.writeNumber(integer);
    } else if (value instanceof byte[] bytes) {
      out.writeString(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof ByteBuffer buffer) {
      out.writeString(Base64.getEncoder().encodeToString(bytesOf(buffer)));
    } else if (value instanceof java.util.Date date) {
      out.writeString(timestampText(date));
    } else {
      throw new InvalidValueException(
          "unsupported value type " + value.getClass().getName() + " in a Connect value");
    }
  }

  /** The text of a map key or a record key as a JSON object field name. */
  String fieldName(Object key, Schema keySchema) throws IOException {
    if (key instanceof String text) {
      return text;
    }
    if (key == null) {
      throw new InvalidValueException("a map has a null key");
    }
    String scalar = scalarText(key, keySchema);
    return scalar != null
        ? scalar
        : new String(SORTED.toJson(key, keySchema), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The stable text of a scalar ({@code null} when {@code value} is not a scalar): numbers and
   * booleans by their Java text ({@link BigDecimal} in plain notation), bytes as unpadded
   * base64url, logical dates and times as in documents.
   */
  static String scalarText(Object value, Schema schema) {
    if (schema != null && schema.name() != null && value instanceof java.util.Date date) {
      switch (schema.name()) {
        case Date.LOGICAL_NAME:
          return dateText(date);
        case Time.LOGICAL_NAME:
          return timeText(date);
        default:
          return timestampText(date);
      }
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    if (value instanceof ByteBuffer buffer) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytesOf(buffer));
    }
    if (value instanceof java.util.Date date) {
      return timestampText(date);
    }
    return null;
  }

  private static void writeDecimal(JsonGenerator out, BigDecimal decimal) throws IOException {
    // plain notation: some JSON consumers choke on exponents such as 1E+3
    out.writeNumber(decimal.toPlainString());
  }

  private static double finite(double number) {
    if (Double.isNaN(number) || Double.isInfinite(number)) {
      throw new InvalidValueException(
          "non-finite number (NaN or Infinity), which Elasticsearch refuses");
    }
    return number;
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  static String dateText(java.util.Date date) {
    return Instant.ofEpochMilli(date.getTime()).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  static String timeText(java.util.Date date) {
    return TIME.format(
        LocalTime.ofNanoOfDay(Math.floorMod(date.getTime(), 86_400_000L) * 1_000_000L));
  }

  static String timestampText(java.util.Date date) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(date.getTime()));
  }
}
