package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Cursors as MongoDB pages them, over mongo-java-server's replies that carry every result in the
 * first batch: a first batch of {@code batchSize} documents (101 when not given; 0 opens the cursor
 * with an empty first batch), the rest through {@code getMore}, {@code singleBatch} closing the
 * cursor after the first batch, and {@code killCursors} for this server's cursors and
 * mongo-java-server's alike.
 */
final class CursorPaging {
  private static final int DEFAULT_BATCH_SIZE = 101;
  private static final long DEFAULT_AWAIT_MILLIS = 1000;

  private final CursorStore cursors;
  private final CursorRegistry registry;
  private final FaultInjector faults;

  CursorPaging(CursorStore cursors, CursorRegistry registry, FaultInjector faults) {
    this.cursors = cursors;
    this.registry = registry;
    this.faults = faults;
  }

  /** The size of a first batch: {@code value} when it is a number, else MongoDB's default. */
  static int firstBatchSize(Object value) {
    return number(value, DEFAULT_BATCH_SIZE);
  }

  /**
   * The reply with its first batch cut to {@code batchSize} and the rest kept in a cursor of this
   * server; a reply without a complete first batch (an error, a cursor already open) as it is.
   */
  @SuppressWarnings("unchecked")
  Document paged(Document reply, int batchSize, boolean singleBatch) {
    if (!(reply.get("cursor") instanceof Document cursor)
        || !(cursor.get("firstBatch") instanceof List<?> all)
        || ((Number) cursor.getOrDefault("id", 0L)).longValue() != 0L) {
      return reply;
    }
    List<Document> documents = new ArrayList<>(all.size());
    for (Object document : all) {
      documents.add((Document) document);
    }
    ResultCursor result =
        new ResultCursor(registry.generateCursorId(), (String) cursor.get("ns"), documents);
    Document first;
    if (batchSize == 0 && !singleBatch) {
      first =
          new Document("id", documents.isEmpty() ? 0L : result.id())
              .append("ns", result.namespace())
              .append("firstBatch", List.of());
    } else {
      first = result.nextBatch("firstBatch", batchSize, 0);
    }
    if (singleBatch) {
      first.put("id", 0L);
    } else if (((Number) first.get("id")).longValue() != 0L) {
      result.detachRemaining();
      cursors.add(result);
    }
    reply.put("cursor", first);
    return reply;
  }

  /**
   * The next batch of a cursor of this server (a change stream waits up to {@code maxTimeMS} for
   * events); a cursor this server does not know is left to {@code backend}.
   */
  Document getMore(
      Channel channel, String db, String command, Document query, CommandRunner backend) {
    long id = ((Number) query.get(command)).longValue();
    ServerCursor cursor = cursors.get(id);
    if (cursor == null) {
      return backend.run(db, command, query);
    }
    int batchSize = number(query.get("batchSize"), 0);
    long await =
        cursor instanceof ChangeStreamCursor
            ? number(query.get("maxTimeMS"), (int) DEFAULT_AWAIT_MILLIS)
            : 0;
    try {
      faults.afterCursorCheckout(channel, cursor.namespace());
      Document batch = cursor.nextBatch("nextBatch", batchSize, await);
      if (cursor.isClosed()) {
        cursors.remove(id);
      }
      return new Document("cursor", batch).append("ok", 1.0);
    } catch (RuntimeException e) {
      cursors.remove(id);
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  Document killCursors(Document query) {
    List<Long> killed = new ArrayList<>();
    List<Long> notFound = new ArrayList<>();
    for (Object idValue : (List<Object>) query.getOrDefault("cursors", List.of())) {
      long id = ((Number) idValue).longValue();
      if (cursors.remove(id) || registry.remove(id)) {
        killed.add(id);
      } else {
        notFound.add(id);
      }
    }
    return new Document("cursorsKilled", killed)
        .append("cursorsNotFound", notFound)
        .append("cursorsAlive", List.of())
        .append("cursorsUnknown", List.of())
        .append("ok", 1.0);
  }

  private static int number(Object value, int defaultValue) {
    return value instanceof Number number ? number.intValue() : defaultValue;
  }
}
