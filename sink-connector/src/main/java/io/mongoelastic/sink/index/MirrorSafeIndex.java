package io.mongoelastic.sink.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoelastic.sink.document.UnindexedFallback;
import java.io.UncheckedIOException;

/**
 * The settings and mapping of a mirror-safe index: any document the MongoDB source writes can be
 * indexed without losing a number or the document.
 *
 * <ul>
 *   <li>JSON floating numbers become {@code double} (dynamic mapping's {@code float} would round
 *       every double and refuse {@code Double.MAX_VALUE}), integers {@code long}; numeric strings
 *       stay strings ({@code numeric_detection} off).
 *   <li>Strings become {@code text} with a {@code keyword} subfield that skips values over 256
 *       characters (a term over 32,766 bytes would refuse the document).
 *   <li>Only the source's date form, ISO-8601 UTC with milliseconds ({@code strict_date_time}),
 *       becomes {@code date}; other date-like strings stay strings.
 *   <li>{@code index.mapping.ignore_malformed}: a value of the wrong type for its field (type
 *       drift) is left unindexed (listed in {@code _ignored}) instead of refusing the document.
 *   <li>Depth limit 101 (Elasticsearch counts the leaf value as a level, so 100 nested objects,
 *       MongoDB's maximum, need 101) and 5,000 fields, with dynamic fields beyond the limit kept in
 *       {@code _source} but unindexed instead of refusing the document.
 *   <li>The fallback fields of {@link UnindexedFallback}: {@value #FALLBACK_FIELD}{@code
 *       .unindexed} (keyword paths) and {@value #FALLBACK_FIELD}{@code .stored} (kept, never
 *       indexed).
 * </ul>
 */
public final class MirrorSafeIndex {
  /** The top-level field under which the fallback keeps what Elasticsearch could not index. */
  public static final String FALLBACK_FIELD = UnindexedFallback.FIELD;

  static final String SETTINGS =
      """
      {"index.mapping.ignore_malformed":true,
       "index.mapping.depth.limit":101,
       "index.mapping.total_fields.limit":5000,
       "index.mapping.total_fields.ignore_dynamic_beyond_limit":true}""";

  static final String MAPPING =
      """
      {"numeric_detection":false,
       "date_detection":true,
       "dynamic_date_formats":["strict_date_time"],
       "dynamic_templates":[
         {"mongoelastic_doubles":{"match_mapping_type":"double","mapping":{"type":"double"}}},
         {"mongoelastic_longs":{"match_mapping_type":"long","mapping":{"type":"long"}}},
         {"mongoelastic_strings":{"match_mapping_type":"string","mapping":{"type":"text",
           "fields":{"keyword":{"type":"keyword","ignore_above":256}}}}}],
       "properties":{"%s":{"properties":{
         "unindexed":{"type":"keyword"},
         "stored":{"type":"object","enabled":false}}}}}"""
          .formatted(FALLBACK_FIELD);

  private static final ObjectMapper JSON = new ObjectMapper();

  private MirrorSafeIndex() {}

  /** A fresh copy of the settings (flat keys). */
  static ObjectNode settings() {
    return parse(SETTINGS);
  }

  /** A fresh copy of the mapping. */
  static ObjectNode mapping() {
    return parse(MAPPING);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
