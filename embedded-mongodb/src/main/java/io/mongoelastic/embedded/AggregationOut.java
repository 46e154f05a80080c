package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code $out} as MongoDB (4.4+) runs it on a replica set: the results are inserted into a
 * temporary collection {@code tmp.agg_out.<uuid>}, which then replaces the target by {@code
 * renameCollection} with {@code dropTarget}. So watchers of the target see one {@code rename} (from
 * the temporary namespace) followed by an {@code invalidate}, database watchers also see the
 * inserts into the temporary collection, and the target gets a new UUID.
 */
final class AggregationOut {
  private static final String TEMP_PREFIX = "tmp.agg_out.";

  private AggregationOut() {}

  /** The target of a {@code $out} that ends the pipeline, in the same database, or null. */
  static String target(String db, List<Document> pipeline) {
    if (pipeline.isEmpty()) {
      return null;
    }
    Object out = pipeline.get(pipeline.size() - 1).get("$out");
    if (out instanceof String coll) {
      return coll;
    }
    if (out instanceof Document spec
        && spec.get("coll") instanceof String coll
        && db.equals(spec.getOrDefault("db", db))) {
      return coll;
    }
    return null;
  }

  /**
   * Runs the aggregation with {@code $out} onto {@code target}.
   *
   * @param unpaged runs the pipeline without {@code $out} and returns every result in the first
   *     batch
   * @param backend runs the create, insert and rename commands
   */
  @SuppressWarnings("unchecked")
  static Document run(
      String db, Document query, String target, CommandRunner unpaged, CommandRunner backend) {
    List<Document> pipeline = (List<Document>) query.get("pipeline");
    Document withoutOut = new Document(query);
    withoutOut.put("pipeline", new ArrayList<>(pipeline.subList(0, pipeline.size() - 1)));
    withoutOut.put("cursor", new Document());
    Document results = unpaged.run(db, "aggregate", withoutOut);
    List<Document> documents = new ArrayList<>();
    for (Document document :
        (List<Document>) ((Document) results.get("cursor")).get("firstBatch")) {
      documents.add(document.cloneDeeply());
    }
    String temp = TEMP_PREFIX + UUID.randomUUID();
    backend.run(db, "create", new Document("create", temp));
    if (!documents.isEmpty()) {
      Document inserted =
          backend.run(db, "insert", new Document("insert", temp).append("documents", documents));
      if (inserted.get("writeErrors") instanceof List<?> errors && !errors.isEmpty()) {
        backend.run(db, "drop", new Document("drop", temp));
        Document error = (Document) errors.get(0);
        throw new CommandException(
            ((Number) error.get("code")).intValue(),
            (String) error.getOrDefault("codeName", "Location" + error.get("code")),
            (String) error.get("errmsg"));
      }
    }
    backend.run(
        "admin",
        "renameCollection",
        new Document("renameCollection", db + "." + temp)
            .append("to", db + "." + target)
            .append("dropTarget", true));
    Document cursor =
        new Document("id", 0L)
            .append("ns", db + "." + query.get("aggregate"))
            .append("firstBatch", List.of());
    return new Document("cursor", cursor).append("ok", 1.0);
  }
}
