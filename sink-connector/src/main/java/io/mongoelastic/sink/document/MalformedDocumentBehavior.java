package io.mongoelastic.sink.document;

import org.apache.kafka.common.config.ConfigDef;

/**
 * What the sink does with a record it cannot turn into a document, or that Elasticsearch refuses as
 * a document (mapping or parsing errors), config key {@code behavior.on.malformed.documents}.
 */
public enum MalformedDocumentBehavior {
  /** Fail the task, naming the record and the reason. */
  FAIL,
  /** Log a warning naming the record and the reason (never the content) and skip it. */
  WARN,
  /** Skip the record silently (it is still counted in the metrics). */
  IGNORE,
  /** Send the record to the dead-letter queue through the errant record reporter and go on. */
  REPORT;

  /** The default value, {@code fail}. */
  public static final String DEFAULT = "fail";

  /** Documentation for the config key. */
  public static final String DOC =
      "What to do with a record that cannot become an Elasticsearch document (invalid JSON, not"
          + " a JSON object, NaN or infinite numbers, a reserved field) or that Elasticsearch"
          + " refuses (mapping or parsing error): 'fail' stops the task, 'warn' logs the record's"
          + " topic, partition, offset and the reason and skips it, 'ignore' skips it silently,"
          + " 'report' sends it to the dead-letter queue (needs errors.deadletterqueue.topic.name;"
          + " without a reporter the task fails).";

  /** The validator for the config key. */
  public static ConfigDef.Validator validator() {
    return LowerSnakeEnumValidator.of(MalformedDocumentBehavior.class);
  }

  /** The constant for a config value; the error names {@code key}. */
  public static MalformedDocumentBehavior forConfigValue(String key, String value) {
    return LowerSnakeEnumValidator.parse(MalformedDocumentBehavior.class, key, value);
  }

  /** The lower_snake config value. */
  public String configValue() {
    return LowerSnakeEnumValidator.configValue(this);
  }
}
