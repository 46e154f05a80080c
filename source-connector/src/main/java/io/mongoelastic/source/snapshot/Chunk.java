package io.mongoelastic.source.snapshot;

import io.mongoelastic.source.record.MappedDocument;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * One batch of a range as read, with the cluster times bounding when its documents were read: each
 * document reflects every write up to {@code readAfter} (the reads are causally consistent after
 * it) and none after {@code readBy} (the operation time of the last reply read). Either may be null
 * when the server reported no operation time.
 */
public record Chunk(List<MappedDocument> documents, BsonTimestamp readAfter, BsonTimestamp readBy) {
  public static final Chunk END = new Chunk(List.of(), null, null);

  public boolean isEmpty() {
    return documents.isEmpty();
  }
}
