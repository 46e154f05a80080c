package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A pipeline's first {@code $sample} stage as MongoDB answers it: {@code size} distinct documents
 * chosen at random (all of them when the collection holds fewer). The backend's own stage sorts by
 * a comparator returning a new random number per comparison, which breaks the sort's contract and
 * fails on a few thousand documents. Here the ids are listed ({@code O(n)}, where WiredTiger's
 * random cursor is {@code O(size)}), a random subset is drawn and fetched by {@code _id}, and the
 * rest of the pipeline runs on those documents. When the rest needs other collections ({@code
 * $lookup}, {@code $out}, …) the stage becomes a {@code $match} on the drawn ids instead, which the
 * backend evaluates against every document ({@code O(n × size)}).
 */
final class RandomSample {
  /** Stages that read or write other collections: they run in the backend's own aggregation. */
  private static final Set<String> NEEDS_DATABASE =
      Set.of("$lookup", "$graphLookup", "$unionWith", "$out", "$merge", "$facet");

  private final String db;
  private final String collection;
  private final List<Document> pipeline;
  private final CommandRunner unpaged;

  /**
   * @param unpaged runs a {@code find} and returns every result in the first batch
   */
  RandomSample(String db, String collection, List<Document> pipeline, CommandRunner unpaged) {
    this.db = db;
    this.collection = collection;
    this.pipeline = pipeline;
    this.unpaged = unpaged;
  }

  /** Whether the pipeline starts with {@code $sample}. */
  static boolean leads(List<Document> pipeline) {
    return !pipeline.isEmpty() && pipeline.get(0).containsKey("$sample");
  }

  /** Whether the stages after {@code $sample} can run on the drawn documents alone. */
  boolean runsAlone() {
    for (Document stage : pipeline.subList(1, pipeline.size())) {
      if (NEEDS_DATABASE.contains(stage.keySet().iterator().next())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The pipeline's result: the drawn documents, through the rest of the pipeline.
   *
   * @param stages builds the backend's aggregation of some stages
   */
  @SuppressWarnings("unchecked")
  List<Document> run(Function<List<Document>, Aggregation> stages) {
    List<Object> ids = draw();
    Document found =
        unpaged.run(
            db,
            "find",
            new Document("find", collection)
                .append("filter", new Document("_id", new Document("$in", ids))));
    List<Document> documents = (List<Document>) ((Document) found.get("cursor")).get("firstBatch");
    List<Document> rest = pipeline.subList(1, pipeline.size());
    return rest.isEmpty() ? documents : stages.apply(rest).runStages(documents.stream());
  }

  /** The pipeline with its {@code $sample} replaced by a {@code $match} on drawn ids. */
  List<Document> rewrite() {
    List<Document> rewritten = new ArrayList<>(pipeline.size());
    rewritten.add(new Document("$match", new Document("_id", new Document("$in", draw()))));
    rewritten.addAll(pipeline.subList(1, pipeline.size()));
    return rewritten;
  }

  /** {@code size} distinct ids of the collection, chosen uniformly at random. */
  @SuppressWarnings("unchecked")
  private List<Object> draw() {
    int size = size(pipeline.get(0).get("$sample"));
    Document found =
        unpaged.run(
            db,
            "find",
            new Document("find", collection).append("projection", new Document("_id", 1)));
    List<Object> ids = new ArrayList<>();
    for (Document doc : (List<Document>) ((Document) found.get("cursor")).get("firstBatch")) {
      ids.add(doc.get("_id"));
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int chosen = Math.min(size, ids.size());
    // Partial Fisher-Yates: the first `chosen` slots end up a uniform random subset.
    for (int i = 0; i < chosen; i++) {
      int j = i + random.nextInt(ids.size() - i);
      Object swap = ids.get(i);
      ids.set(i, ids.get(j));
      ids.set(j, swap);
    }
    return new ArrayList<>(ids.subList(0, chosen));
  }

  /** The stage's size, checked with MongoDB's codes for a malformed {@code $sample}. */
  private static int size(Object spec) {
    if (!(spec instanceof Document document)) {
      throw new CommandException(
          28745, "Location28745", "the $sample stage specification must be an object");
    }
    for (String key : document.keySet()) {
      if (!key.equals("size")) {
        throw new CommandException(
            28748, "Location28748", "unrecognized option to $sample: " + key);
      }
    }
    if (!document.containsKey("size")) {
      throw new CommandException(28749, "Location28749", "$sample stage must specify a size");
    }
    if (!(document.get("size") instanceof Number number)) {
      throw new CommandException(
          28746, "Location28746", "size argument to $sample must be a number");
    }
    if (number.longValue() < 0) {
      throw new CommandException(
          28747, "Location28747", "size argument to $sample must not be negative");
    }
    return (int) Math.min(Integer.MAX_VALUE, number.longValue());
  }
}
