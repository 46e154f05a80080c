package io.mongoelastic.sink.document;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steers users off the slow value path once per task: values converted into {@code Map}s or {@code
 * Struct}s (a {@code JsonConverter}, the usual worker default) are written back to JSON one field
 * at a time, while the JSON bytes of a {@code ByteArrayConverter} pass through, about 1.6× as fast
 * in the sink benchmark. Connect's validation can only return errors, so this is a warning in the
 * log: at start when the connector names a {@code JsonConverter}, otherwise at the first structured
 * value (a worker default is not visible to the connector).
 */
public final class ValueConverterAdvice {
  static final String VALUE_CONVERTER = "value.converter";
  static final String PASS_THROUGH = "org.apache.kafka.connect.converters.ByteArrayConverter";

  private static final Logger LOG = LoggerFactory.getLogger(ValueConverterAdvice.class);

  private final String configured;
  private boolean warned;

  /** Checks the connector's own {@code value.converter}, warning now when it is a JsonConverter. */
  public ValueConverterAdvice(Map<String, String> props) {
    this.configured = props.get(VALUE_CONVERTER);
    if (configured != null && configured.endsWith(".JsonConverter")) {
      warn("value.converter=" + configured);
    }
  }

  /** Warns at the first record whose value was converted into a Map or a Struct, if not yet. */
  public void inspect(Collection<SinkRecord> records) {
    if (warned) {
      return;
    }
    for (SinkRecord record : records) {
      Object value = record.value();
      if (value instanceof Map<?, ?> || value instanceof Struct) {
        warn(
            (configured == null ? "the worker's value.converter" : "value.converter=" + configured)
                + ", values of topic "
                + record.topic()
                + " arrive as "
                + (value instanceof Struct ? "Struct" : "Map"));
        return;
      }
    }
  }

  /** Whether the warning was logged. */
  public boolean warned() {
    return warned;
  }

  private void warn(String what) {
    warned = true;
    LOG.warn(
        "With {}, the sink writes every value back to JSON field by field, which costs the"
            + " worker CPU per document that plain JSON values do not need. If the topics'"
            + " values are plain JSON objects (as the mongoelastic source writes them), set"
            + " value.converter={} on this connector so their bytes pass through (keep a"
            + " JsonConverter for the key); see docs/elasticsearch-sink.md, \"Converters\".",
        what,
        PASS_THROUGH);
  }
}
