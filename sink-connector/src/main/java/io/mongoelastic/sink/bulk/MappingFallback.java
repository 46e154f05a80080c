package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.ActionNdjson;
import io.mongoelastic.sink.document.UnindexedFallback;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether an index action Elasticsearch refused as a document gets another attempt with the
 * refused part kept unindexed ({@link UnindexedFallback}), and writes that attempt's NDJSON. Only
 * {@code index} actions are rewritten: an upsert's partial document would leave the stored value of
 * the moved field in place. Thread-safe.
 */
final class MappingFallback {
  private static final byte[] INDEX_ACTION = "{\"index\":".getBytes(StandardCharsets.US_ASCII);

  private final boolean enabled;
  private final UnindexedFallback documents = new UnindexedFallback();

  /** A fallback that rewrites when {@code enabled}, and otherwise never. */
  MappingFallback(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The next attempt of each refused action of a response (null where there is none, and null as a
   * whole when no item was refused); computed before the dispatcher's lock is taken, since it
   * parses documents.
   */
  ActionNdjson[] rewrites(List<PendingAction> batch, List<ItemResult> results) {
    ActionNdjson[] rewrites = null; // allocated at the first refused item: most responses have none
    for (int i = 0; enabled && i < batch.size(); i++) {
      ItemResult item = results.get(i);
      if (item.status() == 400
          && ItemVerdict.of(item, batch.get(i).versioned) == ItemVerdict.MALFORMED) {
        if (rewrites == null) {
          rewrites = new ActionNdjson[batch.size()];
        }
        rewrites[i] = rewrite(batch.get(i).ndjson, item);
      }
    }
    return rewrites;
  }

  /** The NDJSON of the next attempt, or null when the malformed-document policy must decide. */
  ActionNdjson rewrite(ActionNdjson ndjson, ItemResult item) {
    if (!enabled || item.status() != 400) {
      return null;
    }
    byte[] bytes = ndjson.toByteArray();
    if (!startsWith(bytes, INDEX_ACTION)) {
      return null;
    }
    int lineEnd = indexOf(bytes, (byte) '\n', 0);
    if (lineEnd < 0 || bytes.length < lineEnd + 3) {
      return null;
    }
    byte[] document = Arrays.copyOfRange(bytes, lineEnd + 1, bytes.length - 1);
    byte[] rewritten = documents.rewrite(document, item.errorReason());
    if (rewritten == null) {
      return null;
    }
    byte[] next = new byte[lineEnd + 1 + rewritten.length + 1];
    System.arraycopy(bytes, 0, next, 0, lineEnd + 1);
    System.arraycopy(rewritten, 0, next, lineEnd + 1, rewritten.length);
    next[next.length - 1] = '\n';
    return ActionNdjson.of(next);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
