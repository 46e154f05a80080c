package io.mongoelastic.source.record;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

/**
 * Encodes a document {@code _id} as the one string used as the Kafka record key and the
 * Elasticsearch {@code _id}, and decodes it back.
 *
 * <p>Two {@code _id}s get the same key exactly when MongoDB's unique {@code _id} index treats them
 * as the same value (binary collation assumed): numbers compare by exact value across int32, int64,
 * double and decimal128, a symbol equals the string with the same text, and embedded documents are
 * equal only with the same field names in the same order and equal values.
 *
 * <ul>
 *   <li>ObjectId: its 24-character lowercase hex.
 *   <li>String (and symbol): the text itself, unless it is empty, starts with {@code ~}, is 24
 *       lowercase hex characters, or is an int64 integer without leading zeros; then {@code ~s:} +
 *       the text.
 *   <li>Number equal to an int64 integer: that integer in decimal ({@code 1} for {@code 1}, {@code
 *       NumberLong(1)}, {@code 1.0}, {@code NumberDecimal("1.00")}).
 *   <li>Any other number: {@code ~num:} + the exact value with trailing zeros stripped ({@code
 *       ~num:1.5}, {@code ~num:1E+20}, {@code ~num:NaN}, {@code ~num:-Infinity}).
 *   <li>Other types: {@code ~<tag>:<payload>} or {@code ~<tag>}; see {@code
 *       docs/mongodb-source-record-format.md} for the list.
 *   <li>Embedded document: {@code ~doc:} + a JSON object whose values are the keys of the field
 *       values as JSON strings (nested documents and arrays as JSON objects and arrays), e.g.
 *       {@code ~doc:{"user":"5","day":"2024-01-01"}}.
 * </ul>
 *
 * <p>The encoding is part of the data contract: changing it changes the Elasticsearch {@code _id}
 * of existing documents. Elasticsearch refuses {@code _id}s over 512 bytes of UTF-8.
 */
public final class DocumentIdEncoder {

  /** First character of every tagged form; a string starting with it is always escaped. */
  public static final char TAG = '~';

  /** Prefix of an escaped string. */
  public static final String ESCAPED_STRING_PREFIX = "~s:";

  private static final String NUMBER = "num";
  private static final String BOOLEAN = "bool";
  private static final String DATE = "date";
  private static final String TIMESTAMP = "ts";
  private static final String UUID_TAG = "uuid";
  private static final String BINARY = "bin";
  private static final String NULL = "null";
  private static final String UNDEFINED = "undefined";
  private static final String MIN_KEY = "minkey";
  private static final String MAX_KEY = "maxkey";
  private static final String REGEX = "regex";
  private static final String JAVASCRIPT = "js";
  private static final String JAVASCRIPT_WITH_SCOPE = "jsscope";
  private static final String DB_POINTER = "dbpointer";
  private static final String DOCUMENT = "doc";
  private static final String ARRAY = "array";

  private DocumentIdEncoder() {}

  /**
   * Encodes an {@code _id}. Total over every BSON value, including arrays, regular expressions and
   * undefined, which MongoDB refuses as a top-level {@code _id} but accepts inside one.
   *
   * @throws NullPointerException if {@code id} is null (use {@link BsonNull#VALUE} for a null id)
   */
  public static String encode(BsonValue id) {
    switch (id.getBsonType()) {
      case OBJECT_ID:
        return id.asObjectId().getValue().toHexString();
      case STRING:
        return encodeString(id.asString().getValue());
      case SYMBOL:
        return encodeString(id.asSymbol().getSymbol());
      case INT32:
      case INT64:
      case DOUBLE:
      case DECIMAL128:
        String number = CanonicalNumber.text(id);
        return CanonicalNumber.isInt64Text(number) ? number : tagged(NUMBER, number);
      case BOOLEAN:
        return tagged(BOOLEAN, Boolean.toString(id.asBoolean().getValue()));
      case DATE_TIME:
        return tagged(DATE, BsonDateFormatter.format(id.asDateTime().getValue()));
      case TIMESTAMP:
        BsonTimestamp ts = id.asTimestamp();
        return tagged(
            TIMESTAMP,
            Integer.toUnsignedString(ts.getTime()) + ":" + Integer.toUnsignedString(ts.getInc()));
      case BINARY:
        return encodeBinary(id.asBinary());
      case NULL:
        return TAG + NULL;
      case UNDEFINED:
        return TAG + UNDEFINED;
      case MIN_KEY:
        return TAG + MIN_KEY;
      case MAX_KEY:
        return TAG + MAX_KEY;
      case REGULAR_EXPRESSION:
        BsonRegularExpression regex = id.asRegularExpression();
        return tagged(REGEX, "/" + regex.getPattern() + "/" + regex.getOptions());
      case JAVASCRIPT:
        return tagged(JAVASCRIPT, id.asJavaScript().getCode());
      case JAVASCRIPT_WITH_SCOPE:
        BsonJavaScriptWithScope js = id.asJavaScriptWithScope();
        BsonArray codeAndScope = new BsonArray();
        codeAndScope.add(new BsonString(js.getCode()));
        codeAndScope.add(js.getScope());
        return tagged(JAVASCRIPT_WITH_SCOPE, json(codeAndScope));
      case DB_POINTER:
        BsonDbPointer pointer = id.asDBPointer();
        return tagged(DB_POINTER, pointer.getId().toHexString() + ":" + pointer.getNamespace());
      case DOCUMENT:
        return tagged(DOCUMENT, json(id));
      case ARRAY:
        return tagged(ARRAY, json(id));
      default:
        throw new IllegalArgumentException("Not a BSON value: " + id.getBsonType());
    }
  }

  /**
   * Decodes a key written by {@link #encode(BsonValue)} into a BSON value that MongoDB treats as
   * the same {@code _id} (for use in queries such as {@code {_id: {$gt: value}}}). Numbers come
   * back as int32/int64 when integral and in range, else as a double when exact, else as
   * decimal128; symbols come back as strings.
   *
   * @throws IllegalArgumentException if the text is not exactly what {@link #encode(BsonValue)}
   *     writes for some value
   */
  public static BsonValue decode(String key) {
    BsonValue value = decodeLenient(key);
    if (!encode(value).equals(key)) {
      throw new IllegalArgumentException(
          "Not a canonical document key (re-encodes differently): " + key);
    }
    return value;
  }

  private static BsonValue decodeLenient(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("A document key is never empty");
    }
    if (key.charAt(0) != TAG) {
      if (isObjectIdHex(key)) {
        return new BsonObjectId(new ObjectId(key));
      }
      if (CanonicalNumber.isInt64Text(key)) {
        return CanonicalNumber.parse(key);
      }
      return new BsonString(key);
    }
    int colon = key.indexOf(':');
    String tag = colon < 0 ? key.substring(1) : key.substring(1, colon);
    String payload = colon < 0 ? null : key.substring(colon + 1);
    if (payload == null) {
      switch (tag) {
        case NULL:
          return BsonNull.VALUE;
        case UNDEFINED:
          return new BsonUndefined();
        case MIN_KEY:
          return new BsonMinKey();
        case MAX_KEY:
          return new BsonMaxKey();
        default:
          throw unknownTag(key);
      }
    }
    try {
      return decodeTagged(tag, payload, key);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Malformed document key: " + key, e);
    }
  }

  private static BsonValue decodeTagged(String tag, String payload, String key) {
    switch (tag) {
      case "s":
        return new BsonString(payload);
      case NUMBER:
        return CanonicalNumber.parse(payload);
      case BOOLEAN:
        return BsonBoolean.valueOf(Boolean.parseBoolean(payload));
      case DATE:
        return new BsonDateTime(BsonDateFormatter.parse(payload));
      case TIMESTAMP:
        int sep = payload.indexOf(':');
        return new BsonTimestamp(
            Integer.parseUnsignedInt(payload.substring(0, sep)),
            Integer.parseUnsignedInt(payload.substring(sep + 1)));
      case UUID_TAG:
        return new BsonBinary(UUID.fromString(payload));
      case BINARY:
        int subtypeEnd = payload.indexOf(':');
        int subtype = Integer.parseInt(payload.substring(0, subtypeEnd));
        if (subtype < 0 || subtype > 255) {
          throw new IllegalArgumentException("Binary subtype out of range: " + key);
        }
        return new BsonBinary(
            (byte) subtype, Base64.getDecoder().decode(payload.substring(subtypeEnd + 1)));
      case REGEX:
        int lastSlash = payload.lastIndexOf('/');
        if (!payload.startsWith("/") || lastSlash < 1) {
          throw new IllegalArgumentException("Malformed regular expression key: " + key);
        }
        return new BsonRegularExpression(
            payload.substring(1, lastSlash), payload.substring(lastSlash + 1));
      case JAVASCRIPT:
        return new BsonJavaScript(payload);
      case JAVASCRIPT_WITH_SCOPE:
        BsonArray codeAndScope = readJson(payload).asArray();
        if (codeAndScope.size() != 2) {
          throw new IllegalArgumentException("Malformed JavaScript-with-scope key: " + key);
        }
        return new BsonJavaScriptWithScope(
            codeAndScope.get(0).asString().getValue(), codeAndScope.get(1).asDocument());
      case DB_POINTER:
        return new BsonDbPointer(payload.substring(25), new ObjectId(payload.substring(0, 24)));
      case DOCUMENT:
        return readJson(payload).asDocument();
      case ARRAY:
        return readJson(payload).asArray();
      default:
        throw unknownTag(key);
    }
  }

  private static String encodeString(String value) {
    boolean escape =
        value.isEmpty()
            || value.charAt(0) == TAG
            || isObjectIdHex(value)
            || CanonicalNumber.isInt64Text(value);
    return escape ? ESCAPED_STRING_PREFIX + value : value;
  }

  private static String encodeBinary(BsonBinary binary) {
    byte[] data = binary.getData();
    if (binary.getType() == BsonBinarySubType.UUID_STANDARD.getValue() && data.length == 16) {
      return tagged(UUID_TAG, binary.asUuid().toString());
    }
    return tagged(
        BINARY, (binary.getType() & 0xff) + ":" + Base64.getEncoder().encodeToString(data));
  }

  private static String tagged(String tag, String payload) {
    return TAG + tag + ":" + payload;
  }

  private static String json(BsonValue value) {
    StringBuilder out = new StringBuilder();
    appendJson(out, value);
    return out.toString();
  }

  private static void appendJson(StringBuilder out, BsonValue value) {
    if (value.isDocument()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        IdJsonReader.appendString(out, field.getKey());
        out.append(':');
        appendJson(out, field.getValue());
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      boolean first = true;
      for (BsonValue element : value.asArray()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendJson(out, element);
      }
      out.append(']');
    } else {
      IdJsonReader.appendString(out, encode(value));
    }
  }

  private static BsonValue readJson(String json) {
    return IdJsonReader.read(json, DocumentIdEncoder::decodeLenient);
  }

  private static boolean isObjectIdHex(String value) {
    if (value.length() != 24) {
      return false;
    }
    for (int i = 0; i < 24; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException unknownTag(String key) {
    return new IllegalArgumentException("Unknown tag in document key: " + key);
  }
}
