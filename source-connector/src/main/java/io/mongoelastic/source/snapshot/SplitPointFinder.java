package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Divides a collection into {@code _id} ranges of about equal size for several tasks, with standard
 * queries only: for each split point one {@code _id}-sorted query that skips to it (served by the
 * {@code _id} index; the server walks the skipped index keys, once per snapshot).
 */
public final class SplitPointFinder {
  private SplitPointFinder() {}

  /**
   * Split points for at most {@code maxRanges} ranges of at least {@code chunkSize} documents;
   * empty when the collection is too small to split.
   */
  public static List<BsonValue> find(
      MongoCollection<BsonDocument> collection, int maxRanges, int chunkSize) {
    long count = collection.estimatedDocumentCount();
    int ranges = (int) Math.min(maxRanges, count / Math.max(1, chunkSize));
    List<BsonValue> splits = new ArrayList<>();
    if (ranges < 2) {
      return splits;
    }
    long step = count / ranges;
    for (int i = 1; i < ranges; i++) {
      BsonDocument first =
          collection
              .find()
              .projection(Projections.include("_id"))
              .sort(Sorts.ascending("_id"))
              .skip((int) Math.min(Integer.MAX_VALUE, step * i))
              .limit(1)
              .first();
      if (first == null) {
        break;
      }
      BsonValue id = first.get("_id");
      if (splits.isEmpty() || !splits.get(splits.size() - 1).equals(id)) {
        splits.add(id);
      }
    }
    return splits;
  }
}
