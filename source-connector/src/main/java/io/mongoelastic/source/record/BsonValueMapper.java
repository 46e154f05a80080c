package io.mongoelastic.source.record;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;

/**
 * Maps BSON to Kafka Connect schemaless values that {@code JsonConverter} with {@code
 * schemas.enable=false} writes as plain JSON Elasticsearch can index with dynamic mapping.
 *
 * <p>Total over every BSON type; the table is in {@code docs/mongodb-source-record-format.md}. In
 * short: documents become {@code LinkedHashMap<String, Object>} in field order, arrays {@code
 * ArrayList<Object>}, int32 {@code Integer}, int64 {@code Long}, finite doubles {@code Double},
 * booleans {@code Boolean}, null and undefined {@code null}; everything JSON has no type for
 * becomes a string (ObjectId hex, ISO-8601 dates, decimal128 text, base64 binary, UUID text, NaN
 * and infinities, MinKey/MaxKey) or a small map (timestamp, regex, DBPointer, code with scope).
 *
 * <p>Thread-safe and stateless apart from its configuration.
 */
public final class BsonValueMapper {

  /** Timestamp map fields: seconds since the epoch and ordinal within the second. */
  public static final String TIMESTAMP_SECONDS = "t";

  public static final String TIMESTAMP_INCREMENT = "i";
  public static final String REGEX_PATTERN = "pattern";
  public static final String REGEX_OPTIONS = "options";
  public static final String CODE = "code";
  public static final String SCOPE = "scope";
  public static final String DB_POINTER_NAMESPACE = "namespace";
  public static final String DB_POINTER_ID = "id";
  public static final String MIN_KEY = "MinKey";
  public static final String MAX_KEY = "MaxKey";

  private final UuidRepresentation legacyUuidRepresentation;

  /**
   * A mapper that reads legacy UUIDs (binary subtype 3) in {@link UuidRepresentation#PYTHON_LEGACY}
   * byte order, i.e. the 16 bytes in the order they are stored.
   */
  public BsonValueMapper() {
    this(UuidRepresentation.PYTHON_LEGACY);
  }

  /**
   * A mapper that reads legacy UUIDs (binary subtype 3) in the byte order of the driver that wrote
   * them.
   *
   * @param legacyUuidRepresentation {@code JAVA_LEGACY}, {@code C_SHARP_LEGACY} or {@code
   *     PYTHON_LEGACY}
   */
  public BsonValueMapper(UuidRepresentation legacyUuidRepresentation) {
    switch (legacyUuidRepresentation) {
      case JAVA_LEGACY:
      case C_SHARP_LEGACY:
      case PYTHON_LEGACY:
        this.legacyUuidRepresentation = legacyUuidRepresentation;
        break;
      default:
        throw new IllegalArgumentException(
            "Legacy UUIDs (binary subtype 3) need a legacy byte order (java_legacy, c_sharp_legacy"
                + " or python_legacy), not "
                + legacyUuidRepresentation);
    }
  }

  /** Maps a whole document; field order is kept. */
  public Map<String, Object> toConnectValue(BsonDocument document) {
    Map<String, Object> map = new LinkedHashMap<>(Math.max(4, document.size() * 4 / 3 + 1));
    for (Map.Entry<String, BsonValue> field : document.entrySet()) {
      map.put(field.getKey(), toConnectValue(field.getValue()));
    }
    return map;
  }

  /** Maps any BSON value; a Java {@code null} maps to {@code null}. */
  public Object toConnectValue(BsonValue value) {
    if (value == null) {
      return null;
    }
    switch (value.getBsonType()) {
      case DOCUMENT:
        return toConnectValue(value.asDocument());
      case ARRAY:
        List<Object> list = new ArrayList<>(value.asArray().size());
        for (BsonValue element : value.asArray()) {
          list.add(toConnectValue(element));
        }
        return list;
      case STRING:
        return value.asString().getValue();
      case INT32:
        return value.asInt32().getValue();
      case INT64:
        return value.asInt64().getValue();
      case DOUBLE:
        return mapDouble(value.asDouble().getValue());
      case DECIMAL128:
        // Decimal128.toString() is exact, keeps the scale ("1.50") and writes
        // NaN/Infinity/-Infinity.
        return value.asDecimal128().getValue().toString();
      case BOOLEAN:
        return value.asBoolean().getValue();
      case NULL:
      case UNDEFINED:
        return null;
      case OBJECT_ID:
        return value.asObjectId().getValue().toHexString();
      case DATE_TIME:
        return BsonDateFormatter.format(value.asDateTime().getValue());
      case TIMESTAMP:
        BsonTimestamp ts = value.asTimestamp();
        Map<String, Object> timestamp = new LinkedHashMap<>(4);
        timestamp.put(TIMESTAMP_SECONDS, Integer.toUnsignedLong(ts.getTime()));
        timestamp.put(TIMESTAMP_INCREMENT, Integer.toUnsignedLong(ts.getInc()));
        return timestamp;
      case BINARY:
        return mapBinary(value.asBinary());
      case REGULAR_EXPRESSION:
        BsonRegularExpression regex = value.asRegularExpression();
        Map<String, Object> regexMap = new LinkedHashMap<>(4);
        regexMap.put(REGEX_PATTERN, regex.getPattern());
        regexMap.put(REGEX_OPTIONS, regex.getOptions());
        return regexMap;
      case JAVASCRIPT:
        return value.asJavaScript().getCode();
      case JAVASCRIPT_WITH_SCOPE:
        BsonJavaScriptWithScope js = value.asJavaScriptWithScope();
        Map<String, Object> jsMap = new LinkedHashMap<>(4);
        jsMap.put(CODE, js.getCode());
        jsMap.put(SCOPE, toConnectValue(js.getScope()));
        return jsMap;
      case SYMBOL:
        return value.asSymbol().getSymbol();
      case DB_POINTER:
        Map<String, Object> pointer = new LinkedHashMap<>(4);
        pointer.put(DB_POINTER_NAMESPACE, value.asDBPointer().getNamespace());
        pointer.put(DB_POINTER_ID, value.asDBPointer().getId().toHexString());
        return pointer;
      case MIN_KEY:
        return MIN_KEY;
      case MAX_KEY:
        return MAX_KEY;
      default:
        throw new IllegalArgumentException("Not a BSON value: " + value.getBsonType());
    }
  }

  static Object mapDouble(double d) {
    // JSON has no NaN or infinities and Elasticsearch refuses them as numbers.
    if (Double.isNaN(d)) {
      return CanonicalNumber.NAN;
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? CanonicalNumber.POSITIVE_INFINITY : CanonicalNumber.NEGATIVE_INFINITY;
    }
    return d;
  }

  private Object mapBinary(BsonBinary binary) {
    byte type = binary.getType();
    if (binary.getData().length == 16) {
      if (type == BsonBinarySubType.UUID_STANDARD.getValue()) {
        return binary.asUuid().toString();
      }
      if (type == BsonBinarySubType.UUID_LEGACY.getValue()) {
        return binary.asUuid(legacyUuidRepresentation).toString();
      }
    }
    return Base64.getEncoder().encodeToString(binary.getData());
  }
}
