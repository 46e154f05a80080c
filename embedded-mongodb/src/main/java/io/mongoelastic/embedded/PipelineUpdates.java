package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Pipeline-style updates ({@code u: [{$set: ...}, ...]} in {@code update}, {@code update: [...]} in
 * {@code findAndModify}), which mongo-java-server cannot parse. Each matched document is run
 * through the pipeline here and the result is applied as an ordinary {@code $set}/{@code $unset} of
 * the top-level fields that changed, so the write is reported as an {@code update} event, as
 * MongoDB reports pipeline updates.
 */
final class PipelineUpdates {
  private final Function<List<Document>, Aggregation> compile;

  /**
   * @param compile turns stages (as mongo-java-server spells them) into its aggregation
   */
  PipelineUpdates(Function<List<Document>, Aggregation> compile) {
    this.compile = compile;
  }

  /**
   * Runs an {@code update} command that has pipeline-style statements, or returns null when it has
   * none. A pipeline statement becomes one statement per matched document; indexes in {@code
   * writeErrors} and {@code upserted} are those of the original statements.
   */
  @SuppressWarnings("unchecked")
  Document update(String db, Document query, CommandRunner backend) {
    List<Document> statements = (List<Document>) query.get("updates");
    if (statements == null || statements.stream().noneMatch(s -> s.get("u") instanceof List)) {
      return null;
    }
    String coll = query.get("update").toString();
    List<Document> rewritten = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Document statement = statements.get(i);
      List<Document> expanded =
          statement.get("u") instanceof List<?> stages
              ? expand(db, coll, statement, (List<Document>) stages, backend)
              : List.of(statement);
      for (Document one : expanded) {
        rewritten.add(one);
        origin.add(i);
      }
    }
    Document command = new Document(query);
    command.put("updates", rewritten);
    Document reply = backend.run(db, "update", command);
    remapIndexes(reply.get("writeErrors"), origin);
    remapIndexes(reply.get("upserted"), origin);
    return reply;
  }

  /**
   * Runs a {@code findAndModify} whose {@code update} is a pipeline, or returns null when it is
   * not.
   */
  @SuppressWarnings("unchecked")
  Document findAndModify(String db, Document query, CommandRunner backend) {
    if (!(query.get("update") instanceof List<?> stages)) {
      return null;
    }
    String coll = query.values().iterator().next().toString();
    Document filter = (Document) query.getOrDefault("query", new Document());
    List<Document> matched = find(db, coll, filter, (Document) query.get("sort"), 1, backend);
    Document command = new Document(query);
    if (matched.isEmpty()) {
      command.put("update", upsertUpdate(filter, (List<Document>) stages));
    } else {
      Document before = matched.get(0);
      command.put("query", new Document("_id", before.get("_id")));
      command.remove("sort");
      command.put("update", difference(before, apply((List<Document>) stages, before)));
    }
    return backend.run(db, "findAndModify", command);
  }

  private List<Document> expand(
      String db, String coll, Document statement, List<Document> stages, CommandRunner backend) {
    Document filter = (Document) statement.getOrDefault("q", new Document());
    int limit = Boolean.TRUE.equals(statement.get("multi")) ? 0 : 1;
    List<Document> matched = find(db, coll, filter, null, limit, backend);
    List<Document> result = new ArrayList<>();
    if (matched.isEmpty()) {
      Document upsert = new Document(statement);
      upsert.put("u", upsertUpdate(filter, stages));
      result.add(upsert);
      return result;
    }
    for (Document before : matched) {
      Document one = new Document(statement);
      one.put("q", new Document("_id", before.get("_id")));
      one.put("u", difference(before, apply(stages, before)));
      one.remove("multi");
      result.add(one);
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Document> find(
      String db, String coll, Document filter, Document sort, int limit, CommandRunner backend) {
    Document find = new Document("find", coll).append("filter", filter);
    if (sort != null) {
      find.append("sort", sort);
    }
    if (limit > 0) {
      find.append("limit", limit);
    }
    Document reply = backend.run(db, "find", find);
    List<Document> copies = new ArrayList<>();
    for (Document document : (List<Document>) ((Document) reply.get("cursor")).get("firstBatch")) {
      copies.add(document.cloneDeeply());
    }
    return copies;
  }

  private Document apply(List<Document> stages, Document document) {
    Aggregation pipeline = compile.apply(stages.stream().map(StageSpelling::forEngine).toList());
    Document after =
        pipeline.runStagesAsStream(Stream.of(document.cloneDeeply())).findFirst().orElse(null);
    if (after == null) {
      throw CommandException.badValue("the update pipeline did not return a document");
    }
    return after;
  }

  /** The update that makes an upserted document what the pipeline makes of the query's fields. */
  private Document upsertUpdate(Document filter, List<Document> stages) {
    Document seed = new Document();
    for (Map.Entry<String, Object> field : filter.entrySet()) {
      if (!field.getKey().startsWith("$")
          && !(field.getValue() instanceof Document value
              && value.keySet().stream().anyMatch(key -> key.startsWith("$")))) {
        seed.put(field.getKey(), field.getValue());
      }
    }
    Document after = apply(stages, seed);
    // An upsert whose pipeline changes nothing inserts the query's fields (empty replacement).
    return after.equals(seed) ? new Document() : difference(seed, after);
  }

  /** {@code $set} of changed or new top-level fields and {@code $unset} of removed ones. */
  private static Document difference(Document before, Document after) {
    Document set = new Document();
    Document unset = new Document();
    for (Map.Entry<String, Object> field : after.entrySet()) {
      if (!field.getKey().equals("_id")
          && (!before.containsKey(field.getKey())
              || !Objects.equals(before.get(field.getKey()), field.getValue()))) {
        set.put(field.getKey(), field.getValue());
      }
    }
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        unset.put(key, "");
      }
    }
    Document update = new Document();
    if (!set.isEmpty()) {
      update.put("$set", set);
    }
    if (!unset.isEmpty()) {
      update.put("$unset", unset);
    }
    if (update.isEmpty()) {
      // Nothing changes: a no-op that still counts the document as matched.
      update.put("$set", new Document("_id", before.get("_id")));
    }
    return update;
  }

  @SuppressWarnings("unchecked")
  private static void remapIndexes(Object entries, List<Integer> origin) {
    if (entries instanceof List<?> list) {
      for (Document entry : (List<Document>) list) {
        if (entry.get("index") instanceof Number index && index.intValue() < origin.size()) {
          entry.put("index", origin.get(index.intValue()));
        }
      }
    }
  }
}
