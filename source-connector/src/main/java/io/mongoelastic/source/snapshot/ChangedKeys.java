package io.mongoelastic.source.snapshot;

import java.util.HashMap;
import java.util.Map;
import org.bson.BsonTimestamp;

/**
 * The record keys a range's stream sent while its chunks were read, with the cluster time of the
 * latest change of each: a chunk row whose key changed at or after the chunk's read began is
 * dropped, because the change's record (sent already or in the queue) carries a state at least as
 * new. Keys older than every chunk still to send are forgotten.
 */
final class ChangedKeys {
  // A null time (a server that reports none) counts as "changed since any time".
  private final Map<Object, BsonTimestamp> latest = new HashMap<>();

  void changed(Object key, BsonTimestamp at) {
    if (at == null) {
      latest.put(key, null);
      return;
    }
    latest.merge(key, at, (old, now) -> old == null || now.compareTo(old) > 0 ? now : old);
  }

  /** Whether {@code key} changed at or after {@code time} (null: at any time). */
  boolean changedSince(Object key, BsonTimestamp time) {
    if (!latest.containsKey(key)) {
      return false;
    }
    BsonTimestamp at = latest.get(key);
    return at == null || time == null || at.compareTo(time) >= 0;
  }

  /** Forgets keys whose latest change is before {@code time}. */
  void forgetBefore(BsonTimestamp time) {
    if (time != null) {
      latest.values().removeIf(at -> at != null && at.compareTo(time) < 0);
    }
  }

  /** Forgets every key: the range's read is done. */
  void clear() {
    latest.clear();
  }

  int size() {
    return latest.size();
  }
}
