package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A pipeline's first {@code $sample} stage as MongoDB answers it: {@code size} distinct documents
 * chosen at random (all of them when the collection holds fewer). The backend's own stage sorts by
 * a comparator returning a new random number per comparison, which breaks the sort's contract and
 * fails on a few thousand documents. Here the ids are listed ({@code O(n)}, where WiredTiger's
 * random cursor is {@code O(size)}), a random subset is drawn, and the stage becomes a {@code
 * $match} on those ids, so the rest of the pipeline runs unchanged. The chosen documents come in
 * {@code _id} order rather than shuffled.
 */
final class RandomSample {
  private RandomSample() {}

  /** Whether the pipeline starts with {@code $sample}. */
  static boolean leads(List<Document> pipeline) {
    return !pipeline.isEmpty() && pipeline.get(0).containsKey("$sample");
  }

  /**
   * The pipeline with its leading {@code $sample} replaced by a {@code $match} on randomly chosen
   * ids of {@code collection}.
   *
   * @param unpaged runs a {@code find} and returns every result in the first batch
   */
  @SuppressWarnings("unchecked")
  static List<Document> rewrite(
      String db, String collection, List<Document> pipeline, CommandRunner unpaged) {
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
    List<Document> rewritten = new ArrayList<>(pipeline.size());
    rewritten.add(
        new Document(
            "$match",
            new Document("_id", new Document("$in", new ArrayList<>(ids.subList(0, chosen))))));
    rewritten.addAll(pipeline.subList(1, pipeline.size()));
    return rewritten;
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
