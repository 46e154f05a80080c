package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The user's stages after {@code $changeStream}, run one at a time over each event by
 * mongo-java-server's aggregation engine. After a {@code $project} or {@code $addFields} that
 * computes a dotted field ({@code "ns.viewOn": ...}), the field is nested ({@code ns: {viewOn:
 * ...}}) as MongoDB does; mongo-java-server would leave a top-level field named {@code ns.viewOn}.
 */
final class ChangeStreamPipeline {
  private record Stage(Aggregation aggregation, List<String> dottedOutputs) {}

  private final List<Stage> stages;

  private ChangeStreamPipeline(List<Stage> stages) {
    this.stages = stages;
  }

  /**
   * @param specs the stages, spelled as mongo-java-server knows them ({@code $addFields}, {@code
   *     $replaceRoot})
   * @param compile turns a one-stage pipeline into mongo-java-server's aggregation
   */
  static ChangeStreamPipeline of(
      List<Document> specs, Function<List<Document>, Aggregation> compile) {
    List<Stage> stages = new ArrayList<>(specs.size());
    for (Document spec : specs) {
      stages.add(new Stage(compile.apply(List.of(spec)), dottedOutputs(spec)));
    }
    return new ChangeStreamPipeline(stages);
  }

  /** The event after all stages, or null when a stage filtered it out. */
  Document apply(Document event) {
    Document current = event;
    for (Stage stage : stages) {
      current = stage.aggregation().runStagesAsStream(Stream.of(current)).findFirst().orElse(null);
      if (current == null) {
        return null;
      }
      for (String path : stage.dottedOutputs()) {
        if (current.containsKey(path)) {
          nest(current, path, current.remove(path));
        }
      }
    }
    return current;
  }

  private static List<String> dottedOutputs(Document spec) {
    List<String> dotted = new ArrayList<>();
    Object fields = spec.get("$addFields");
    boolean computedOnly = false;
    if (fields == null) {
      fields = spec.get("$project");
      computedOnly = true;
    }
    if (fields instanceof Document document) {
      for (Map.Entry<String, Object> field : document.entrySet()) {
        boolean inclusionFlag =
            field.getValue() instanceof Number || field.getValue() instanceof Boolean;
        if (field.getKey().contains(".") && !(computedOnly && inclusionFlag)) {
          dotted.add(field.getKey());
        }
      }
    }
    return dotted;
  }

  private static void nest(Document target, String path, Object value) {
    String[] parts = path.split("\\.");
    Document parent = target;
    for (int i = 0; i < parts.length - 1; i++) {
      Document child;
      if (parent.get(parts[i]) instanceof Document existing) {
        child = existing;
      } else {
        child = new Document();
        parent.put(parts[i], child);
      }
      parent = child;
    }
    parent.put(parts[parts.length - 1], value);
  }
}
