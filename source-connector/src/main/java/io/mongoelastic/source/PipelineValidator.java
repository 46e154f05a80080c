package io.mongoelastic.source;

import io.mongoelastic.source.stream.StreamPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** {@code stream.pipeline}: a JSON array of change-stream-compatible aggregation stages. */
final class PipelineValidator implements ConfigDef.Validator {
  static final PipelineValidator INSTANCE = new PipelineValidator();

  // Stages MongoDB accepts in a change stream pipeline.
  private static final Set<String> ALLOWED =
      Set.of(
          "$match",
          "$project",
          "$addFields",
          "$set",
          "$unset",
          "$replaceRoot",
          "$replaceWith",
          "$redact",
          StreamPipeline.SPLIT_STAGE);

  /** The stages, or an {@link IllegalArgumentException} saying what is wrong. */
  static List<BsonDocument> parse(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    BsonArray array;
    try {
      array = BsonArray.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON array of stages: " + e.getMessage());
    }
    List<BsonDocument> stages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      BsonValue stage = array.get(i);
      if (!stage.isDocument() || stage.asDocument().size() != 1) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " must be an object with exactly one field, such as {\"$match\": {...}}");
      }
      String operator = stage.asDocument().getFirstKey();
      if (!ALLOWED.contains(operator)) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " uses "
                + operator
                + ", which change streams do not allow; use one of "
                + String.join(", ", ALLOWED.stream().sorted().toList()));
      }
      if (operator.equals(StreamPipeline.SPLIT_STAGE) && i != array.size() - 1) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " is "
                + operator
                + ", which MongoDB accepts only as the last stage; move it to the end");
      }
      if (touchesId(operator, stage.asDocument().get(operator))) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " ("
                + operator
                + ") removes or changes _id, which holds each event's resume token; MongoDB ends"
                + " such a change stream (ChangeStreamFatalError 280) at its first event. Leave"
                + " _id as it is");
      }
      String removed =
          EventFieldsRemoval.removedBy(operator, stage.asDocument().get(operator)).orElse(null);
      if (removed != null) {
        throw new IllegalArgumentException(
            "stage "
                + i
                + " ("
                + operator
                + ") removes or changes "
                + removed
                + ", which every record is built from ("
                + removed
                + (removed.equals("clusterTime")
                    ? " is the records' source version: without it a sink that orders by version"
                        + " drops changes as stale"
                    : " identifies the change and its document")
                + "). Keep "
                + String.join(", ", EventFieldsRemoval.REQUIRED)
                + " as they are (name them in an inclusion $project)");
      }
      stages.add(stage.asDocument());
    }
    return stages;
  }

  /**
   * Whether a stage visibly removes or rewrites {@code _id}. {@code $replaceRoot}, {@code
   * $replaceWith} and {@code $redact} may too, depending on the data: MongoDB's error at run time
   * names those (see StreamFailures).
   */
  private static boolean touchesId(String operator, BsonValue spec) {
    switch (operator) {
      case "$unset" -> {
        List<BsonValue> fields = spec.isArray() ? spec.asArray().getValues() : List.of(spec);
        return fields.stream().anyMatch(f -> f.isString() && isIdPath(f.asString().getValue()));
      }
      case "$set", "$addFields" -> {
        return spec.isDocument() && spec.asDocument().keySet().stream().anyMatch(k -> isIdPath(k));
      }
      case "$project" -> {
        if (!spec.isDocument()) {
          return false;
        }
        for (var field : spec.asDocument().entrySet()) {
          if (isIdPath(field.getKey()) && !isInclusion(field.getValue())) {
            return true;
          }
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean isIdPath(String path) {
    return path.equals("_id") || path.startsWith("_id.");
  }

  /** {@code 1} or {@code true}: keeps the field as it is. */
  static boolean isInclusion(BsonValue value) {
    return (value.isBoolean() && value.asBoolean().getValue())
        || (value.isNumber() && value.asNumber().doubleValue() != 0);
  }

  @Override
  public void ensureValid(String name, Object value) {
    try {
      parse(value == null ? null : value.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, "Invalid pipeline: " + e.getMessage() + ".");
    }
  }

  @Override
  public String toString() {
    return "a JSON array of change-stream stages";
  }
}
