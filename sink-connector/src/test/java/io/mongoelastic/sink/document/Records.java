package io.mongoelastic.sink.document;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;

/** Builds sink records for tests. */
final class Records {
  private Records() {}

  static SinkRecord record(Object key, Object value) {
    return record(null, key, null, value, new ConnectHeaders());
  }

  static SinkRecord record(
      Schema keySchema, Object key, Schema valueSchema, Object value, Headers headers) {
    return new SinkRecord(
        "orders",
        2,
        keySchema,
        key,
        valueSchema,
        value,
        41L,
        0L,
        TimestampType.CREATE_TIME,
        headers,
        "mongodb.shop.orders",
        3,
        1234L);
  }

  static SinkRecord withHeaders(Object key, Object value, Headers headers) {
    return record(null, key, null, value, headers);
  }
}
