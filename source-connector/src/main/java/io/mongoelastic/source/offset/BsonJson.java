package io.mongoelastic.source.offset;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Canonical Extended JSON for BSON values stored in offsets: it keeps every BSON type exactly (an
 * {@code _id} read back compares equal to the one written), which plain JSON would not.
 */
public final class BsonJson {
  private static final JsonWriterSettings CANONICAL =
      JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

  private BsonJson() {}

  public static String value(BsonValue value) {
    return new BsonDocument("v", value).toJson(CANONICAL);
  }

  public static BsonValue parseValue(String json) {
    return BsonDocument.parse(json).get("v");
  }

  public static String document(BsonDocument document) {
    return document.toJson(CANONICAL);
  }

  public static BsonDocument parseDocument(String json) {
    return BsonDocument.parse(json);
  }

  public static String array(java.util.List<? extends BsonValue> values) {
    return value(new BsonArray(new java.util.ArrayList<>(values)));
  }

  public static java.util.List<BsonValue> parseArray(String json) {
    return parseValue(json).asArray().getValues();
  }
}
