package io.mongoelastic.sink.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * TEMPORARY stand-in until the document and index packages are merged; replaced by an encoder over
 * {@code io.mongoelastic.sink.document}. Handles string keys and Map or JSON-string values.
 */
public final class InterimActionEncoder implements ActionEncoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, String> topicMap;
  private final String pattern;
  private final boolean useVersion;
  private final String pipeline;

  InterimActionEncoder(
      String pattern, Map<String, String> topicMap, boolean useVersion, String pipeline) {
    this.pattern = pattern;
    this.topicMap = topicMap;
    this.useVersion = useVersion;
    this.pipeline = pipeline;
  }

  public static ActionEncoder create(
      String pattern, Map<String, String> topicMap, boolean useVersion, String pipeline) {
    return new InterimActionEncoder(pattern, topicMap, useVersion, pipeline);
  }

  @Override
  public Encoded encode(SinkRecord record) {
    if (record.headers().lastWithName("mongoelastic.control") != null) {
      return new Skip();
    }
    String index =
        topicMap.getOrDefault(
            record.topic(), pattern.replace("${topic}", record.topic()).toLowerCase(Locale.ROOT));
    String id =
        record.key() == null
            ? record.topic() + "+" + record.kafkaPartition() + "+" + record.kafkaOffset()
            : record.key().toString();
    Long version = null;
    Header header =
        useVersion ? record.headers().lastWithName("mongoelastic.source.version") : null;
    if (header != null && header.value() instanceof Number n) {
      version = n.longValue();
    }
    try {
      ObjectNode meta = JSON.createObjectNode();
      ObjectNode params = meta.putObject(record.value() == null ? "delete" : "index");
      params.put("_index", index).put("_id", id);
      if (version != null) {
        params.put("version", version).put("version_type", "external");
      }
      if (pipeline != null && record.value() != null) {
        params.put("pipeline", pipeline);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(JSON.writeValueAsBytes(meta));
      out.write('\n');
      if (record.value() != null) {
        Object value = record.value();
        byte[] source =
            value instanceof String s
                ? JSON.writeValueAsBytes(JSON.readTree(s))
                : JSON.writeValueAsBytes(value);
        out.write(source);
        out.write('\n');
      }
      return new Action(index, id, out.toByteArray(), version != null);
    } catch (JsonProcessingException e) {
      return new Malformed("value is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unused")
  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
