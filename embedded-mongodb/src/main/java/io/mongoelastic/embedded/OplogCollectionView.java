package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only {@code local.oplog.rs} over the change log, as much as tools need to learn the oplog
 * window: {@code find} sorted by {@code {$natural: 1}} (oldest first, the default) or {@code
 * {$natural: -1}} with a {@code limit}, no filter. Only the oldest and the newest entry are listed
 * (the window's ends), whatever the limit. Entries carry MongoDB's oplog fields {@code ts}, {@code
 * t}, {@code v}, {@code op} ({@code i}, {@code u}, {@code d}, or {@code c} for commands), {@code
 * ns} and {@code wall}; {@code o} is left empty, as the change log keeps no oplog-shaped documents.
 * The reply is one batch ({@code id} 0).
 */
final class OplogCollectionView {
  static final String DATABASE = "local";
  static final String COLLECTION = "oplog.rs";

  private OplogCollectionView() {}

  static boolean handles(String db, Document query) {
    return DATABASE.equals(db) && COLLECTION.equals(query.get("find"));
  }

  static Document find(ChangeLog log, Document query) {
    if (query.get("filter") instanceof Document filter && !filter.isEmpty()) {
      throw new CommandException(
          2, "BadValue", "the embedded local.oplog.rs supports only finds without a filter");
    }
    boolean newestFirst =
        query.get("sort") instanceof Document sort
            && sort.get("$natural") instanceof Number direction
            && direction.intValue() < 0;
    int limit = query.get("limit") instanceof Number n ? Math.abs(n.intValue()) : 0;
    List<Document> batch = new ArrayList<>();
    ChangeEntry oldest = log.oldest();
    ChangeEntry newest = log.newest();
    if (oldest != null) {
      // Only the ends are exposed: what the oplog window needs, without copying the whole log.
      List<ChangeEntry> ends = newestFirst ? List.of(newest, oldest) : List.of(oldest, newest);
      for (ChangeEntry entry : ends) {
        if ((limit == 0 || batch.size() < limit)
            && (batch.isEmpty() || oldest.seq() != newest.seq())) {
          batch.add(entry(entry));
        }
      }
    }
    return new Document(
            "cursor",
            new Document("firstBatch", batch)
                .append("id", 0L)
                .append("ns", DATABASE + "." + COLLECTION))
        .append("ok", 1.0);
  }

  private static Document entry(ChangeEntry entry) {
    ChangePayload payload = entry.payload();
    return new Document("ts", new BsonTimestamp(entry.clusterTime()))
        .append("t", 1L)
        .append("v", 2L)
        .append("op", op(payload.kind()))
        .append("ns", payload.coll() == null ? payload.db() : payload.db() + "." + payload.coll())
        .append("wall", Instant.ofEpochMilli(entry.wallTimeMillis()))
        .append("o", new Document());
  }

  private static String op(ChangeKind kind) {
    return switch (kind) {
      case INSERT -> "i";
      case UPDATE, REPLACE -> "u";
      case DELETE -> "d";
      default -> "c";
    };
  }
}
