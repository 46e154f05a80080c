package io.mongoelastic.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * TEMPORARY stand-in for the {@code io.mongoelastic.source.record} package (built on another
 * branch); deleted when that branch is merged. Follows the record contract only roughly.
 */
public final class RecordStandIn {
  private RecordStandIn() {}

  public static SourceRecord data(
      Map<String, ?> partition,
      Map<String, ?> offset,
      String topic,
      String namespace,
      String operation,
      BsonValue id,
      BsonDocument document,
      long version) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("mongoelastic.operation", operation);
    headers.addString("mongoelastic.namespace", namespace);
    headers.addLong("mongoelastic.source.version", version);
    return new SourceRecord(
        partition,
        offset,
        topic,
        null,
        Schema.STRING_SCHEMA,
        key(id),
        null,
        document == null ? null : toJava(document),
        null,
        headers);
  }

  public static SourceRecord control(
      Map<String, ?> partition,
      Map<String, ?> offset,
      String topic,
      int kafkaPartition,
      String namespace,
      String control,
      String snapshotId) {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString("mongoelastic.control", control);
    headers.addString("mongoelastic.snapshot.id", snapshotId);
    headers.addString("mongoelastic.namespace", namespace);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("snapshotId", snapshotId);
    value.put("namespace", namespace);
    value.put("control", control);
    return new SourceRecord(
        partition, offset, topic, kafkaPartition, null, null, null, value, null, headers);
  }

  private static String key(BsonValue id) {
    if (id.isObjectId()) {
      return id.asObjectId().getValue().toHexString();
    }
    if (id.isString()) {
      return id.asString().getValue();
    }
    return new BsonDocument("_id", id).toJson();
  }

  private static Object toJava(BsonValue value) {
    switch (value.getBsonType()) {
      case DOCUMENT:
        Map<String, Object> map = new LinkedHashMap<>();
        value.asDocument().forEach((k, v) -> map.put(k, toJava(v)));
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        value.asArray().forEach(v -> list.add(toJava(v)));
        return list;
      case STRING:
        return value.asString().getValue();
      case INT32:
        return value.asInt32().getValue();
      case INT64:
        return value.asInt64().getValue();
      case DOUBLE:
        return value.asDouble().getValue();
      case BOOLEAN:
        return value.asBoolean().getValue();
      case NULL:
        return null;
      case OBJECT_ID:
        return value.asObjectId().getValue().toHexString();
      case DATE_TIME:
        return value.asDateTime().getValue();
      default:
        return value.toString();
    }
  }
}
