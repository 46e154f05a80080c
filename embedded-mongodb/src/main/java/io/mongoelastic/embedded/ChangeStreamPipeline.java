package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The user's stages after {@code $changeStream}, run one at a time over each event by
 * mongo-java-server's aggregation engine (a {@code $match} on string sets by {@link StringSetMatch}
 * first, as MongoDB's set lookup would). After a {@code $project} or {@code $addFields} that
 * computes a dotted field ({@code "ns.viewOn": ...}), the field is nested ({@code ns: {viewOn:
 * ...}}) as MongoDB does; mongo-java-server would leave a top-level field named {@code ns.viewOn}.
 * An inclusion of a dotted path keeps the parent documents even when the leaf is missing.
 */
final class ChangeStreamPipeline {
  private record Stage(
      Aggregation aggregation,
      boolean match,
      StringSetMatch fastMatch,
      List<String> dottedOutputs,
      List<String> dottedInclusions) {
    /** The stage's output for one event, or null when it filtered the event out. */
    Document run(Document event) {
      if (fastMatch != null) {
        Boolean passes = fastMatch.test(event);
        if (passes != null) {
          // A $match passes its input through unchanged.
          return passes ? event : null;
        }
      }
      return aggregation.runStagesAsStream(Stream.of(event)).findFirst().orElse(null);
    }
  }

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
      stages.add(
          new Stage(
              compile.apply(List.of(spec)),
              spec.containsKey("$match"),
              spec.size() == 1 ? StringSetMatch.of(spec.get("$match")) : null,
              dottedOutputs(spec),
              dottedInclusions(spec)));
    }
    return new ChangeStreamPipeline(stages);
  }

  /** The event after all stages, or null when a stage filtered it out. */
  Document apply(Document event) {
    Document current = event;
    for (Stage stage : stages) {
      Document input = current;
      current = stage.run(current);
      if (current == null) {
        return null;
      }
      for (String path : stage.dottedInclusions()) {
        keepParents(input, current, path);
      }
      for (String path : stage.dottedOutputs()) {
        if (current.containsKey(path)) {
          nest(current, path, current.remove(path));
        }
      }
    }
    return current;
  }

  /**
   * Whether the event passes the {@code $match} stages that open the pipeline. MongoDB moves those
   * ahead of its check that a resumed stream meets the resume token's event (the check stage
   * declares it can swap with a {@code $match}, and since 6.0 such filters are rewritten into the
   * oplog scan), so the check sees only events that pass them: the token's event too.
   */
  boolean passesLeadingMatches(Document event) {
    Document current = event;
    for (Stage stage : stages) {
      if (!stage.match()) {
        return true;
      }
      current = stage.run(current);
      if (current == null) {
        return false;
      }
    }
    return true;
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

  private static List<String> dottedInclusions(Document spec) {
    List<String> dotted = new ArrayList<>();
    if (spec.get("$project") instanceof Document projection) {
      for (Map.Entry<String, Object> field : projection.entrySet()) {
        if (field.getKey().contains(".") && Utils.isTrue(field.getValue())) {
          dotted.add(field.getKey());
        }
      }
    }
    return dotted;
  }

  /**
   * An included path whose leaf is missing keeps its parent documents, empty if need be ({@code
   * {"ns.viewOn": 1}} gives {@code ns: {}} when {@code ns} has no {@code viewOn}), as MongoDB does.
   */
  private static void keepParents(Document input, Document output, String path) {
    String[] parts = path.split("\\.");
    Document from = input;
    Document to = output;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(from.get(parts[i]) instanceof Document fromChild)) {
        return;
      }
      from = fromChild;
      to = child(to, parts[i]);
    }
  }

  private static void nest(Document target, String path, Object value) {
    String[] parts = path.split("\\.");
    Document parent = target;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = child(parent, parts[i]);
    }
    parent.put(parts[parts.length - 1], value);
  }

  /** The sub-document under {@code name}, put there (replacing any other value) if missing. */
  private static Document child(Document parent, String name) {
    if (parent.get(name) instanceof Document existing) {
      return existing;
    }
    Document created = new Document();
    parent.put(name, created);
    return created;
  }
}
