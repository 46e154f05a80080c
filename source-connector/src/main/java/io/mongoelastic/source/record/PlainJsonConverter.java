package io.mongoelastic.source.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * {@link JsonConverter} that writes this connector's schemaless values straight to JSON bytes.
 *
 * <p>With {@code schemas.enable=false}, the output is byte for byte what {@code JsonConverter}
 * writes for the values {@link BsonValueMapper} produces (maps with string keys, lists, strings,
 * int32, int64, double, boolean, null) and for string keys. {@code JsonConverter} first builds a
 * Jackson tree of every value and then serializes it; on a snapshot that was more than half of the
 * task thread's CPU. Anything else (a schema other than a plain string, other value types, {@code
 * schemas.enable=true}, reading) is left to {@code JsonConverter}.
 */
public class PlainJsonConverter extends JsonConverter {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private boolean plain;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    plain = !new JsonConverterConfig(configs).schemasEnabled();
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    if (plain && (schema == null || isPlainString(schema))) {
      if (value == null) {
        return schema == null ? null : super.fromConnectData(topic, schema, null);
      }
      Output out = new Output();
      if (out.value(value)) {
        return out.toByteArray();
      }
    }
    return super.fromConnectData(topic, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    return fromConnectData(topic, schema, value);
  }

  private static boolean isPlainString(Schema schema) {
    return schema.type() == Schema.Type.STRING && schema.name() == null;
  }

  /** A growing UTF-8 buffer; {@link #value} returns false on a type it leaves to Jackson. */
  private static final class Output {
    private byte[] bytes = new byte[1024];
    private int size;

    boolean value(Object value) {
      if (value == null) {
        ascii("null");
      } else if (value instanceof String s) {
        string(s);
      } else if (value instanceof Integer || value instanceof Long) {
        ascii(value.toString());
      } else if (value instanceof Double d) {
        // Jackson writes finite doubles with Double.toString; the mapper never emits NaN or
        // infinities as numbers.
        if (d.isNaN() || d.isInfinite()) {
          return false;
        }
        ascii(Double.toString(d));
      } else if (value instanceof Boolean b) {
        ascii(b ? "true" : "false");
      } else if (value instanceof Map<?, ?> map) {
        return object(map);
      } else if (value instanceof List<?> list) {
        return array(list);
      } else {
        return false;
      }
      return true;
    }

    private boolean object(Map<?, ?> map) {
      put('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          // JsonConverter writes maps with other keys as arrays of pairs.
          return false;
        }
        if (!first) {
          put(',');
        }
        first = false;
        string(key);
        put(':');
        if (!value(entry.getValue())) {
          return false;
        }
      }
      put('}');
      return true;
    }

    private boolean array(List<?> list) {
      put('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          put(',');
        }
        if (!value(list.get(i))) {
          return false;
        }
      }
      put(']');
      return true;
    }

    /** A JSON string escaped as Jackson escapes it: short forms, else {@code \\uXXXX}. */
    private void string(String s) {
      int length = s.length();
      // At most 6 bytes per char (an escape); reserve once so the common path writes directly.
      reserve(length * 6 + 2);
      byte[] out = bytes;
      int at = size;
      out[at++] = '"';
      for (int i = 0; i < length; i++) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
          out[at++] = (byte) c;
        } else if (c < 0x80) {
          size = at;
          escape(c);
          at = size;
          out = bytes;
        } else if (c < 0x800) {
          out[at++] = (byte) (0xC0 | (c >> 6));
          out[at++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
          // Jackson escapes UTF-16 surrogates (paired or not) instead of combining them.
          size = at;
          unicodeEscape(c);
          at = size;
          out = bytes;
        } else {
          out[at++] = (byte) (0xE0 | (c >> 12));
          out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          out[at++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      out[at++] = '"';
      size = at;
    }

    private void escape(char c) {
      char shortForm =
          switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
          };
      if (shortForm == 0) {
        unicodeEscape(c);
      } else {
        put('\\');
        put(shortForm);
      }
    }

    private void unicodeEscape(char c) {
      put('\\');
      put('u');
      put(HEX[c >> 12]);
      put(HEX[(c >> 8) & 0xF]);
      put(HEX[(c >> 4) & 0xF]);
      put(HEX[c & 0xF]);
    }

    private void ascii(String s) {
      for (int i = 0; i < s.length(); i++) {
        put(s.charAt(i));
      }
    }

    private void put(int b) {
      if (size == bytes.length) {
        reserve(1);
      }
      bytes[size++] = (byte) b;
    }

    private void reserve(int more) {
      if (bytes.length - size < more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
