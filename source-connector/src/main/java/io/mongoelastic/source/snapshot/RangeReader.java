package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads one {@link IdRange} of a collection in {@code _id} order, one chunk per call, bracket by
 * bracket (see {@link IdBracket}), continuing after the last {@code _id} returned. Construct it
 * with the last {@code _id} a previous run committed to resume there.
 */
public final class RangeReader {
  private final MongoCollection<BsonDocument> collection;
  private final IdRange range;
  private final int chunkSize;
  private final int fetchSize;
  private final List<IdBracket> brackets;
  private int bracketIndex;
  private BsonValue lastId;

  public RangeReader(
      MongoCollection<BsonDocument> collection,
      IdRange range,
      BsonValue resumeAfter,
      int chunkSize,
      int fetchSize) {
    this.collection = collection;
    this.range = range;
    this.chunkSize = chunkSize;
    this.fetchSize = fetchSize;
    this.brackets = range.brackets();
    this.lastId = resumeAfter;
    if (resumeAfter != null) {
      this.bracketIndex = Math.max(0, brackets.indexOf(IdBracket.of(resumeAfter)));
    }
  }

  /** The next documents in {@code _id} order; empty once the range is exhausted. */
  public List<BsonDocument> nextChunk() {
    while (bracketIndex < brackets.size()) {
      IdBracket bracket = brackets.get(bracketIndex);
      BsonValue after = lastId != null && IdBracket.of(lastId) == bracket ? lastId : null;
      List<BsonDocument> chunk = new ArrayList<>(Math.min(chunkSize, 1024));
      if (bracket == IdBracket.OTHER) {
        if (after == null) {
          collection.find(range.filter(bracket, null)).batchSize(fetchSize).into(chunk);
        }
        bracketIndex++;
        if (chunk.isEmpty()) {
          continue;
        }
        lastId = chunk.get(chunk.size() - 1).get("_id");
        return chunk;
      }
      collection
          .find(range.filter(bracket, after))
          .sort(Sorts.ascending("_id"))
          .limit(chunkSize)
          .batchSize(Math.min(fetchSize, chunkSize))
          .into(chunk);
      if (!chunk.isEmpty()) {
        lastId = chunk.get(chunk.size() - 1).get("_id");
        if (chunk.size() < chunkSize) {
          // This bracket is exhausted; spare the next call an empty query.
          bracketIndex++;
        }
        return chunk;
      }
      bracketIndex++;
    }
    return List.of();
  }

  public boolean exhausted() {
    return bracketIndex >= brackets.size();
  }
}
