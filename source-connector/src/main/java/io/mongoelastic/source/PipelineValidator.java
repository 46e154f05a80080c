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
      stages.add(stage.asDocument());
    }
    return stages;
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
