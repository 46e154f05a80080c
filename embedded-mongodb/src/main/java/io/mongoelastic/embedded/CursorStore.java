package io.mongoelastic.embedded;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cursors this server pages itself. Cursors idle for longer than MongoDB's default {@code
 * cursorTimeoutMillis} (10 minutes) are discarded, as MongoDB does.
 */
final class CursorStore {
  private static final long IDLE_TIMEOUT_MILLIS = 10 * 60 * 1000L;

  private final Map<Long, ServerCursor> cursors = new ConcurrentHashMap<>();

  void add(ServerCursor cursor) {
    expireIdle();
    cursors.put(cursor.id(), cursor);
  }

  ServerCursor get(long id) {
    return cursors.get(id);
  }

  boolean remove(long id) {
    return cursors.remove(id) != null;
  }

  int size() {
    return cursors.size();
  }

  private void expireIdle() {
    long oldest = System.currentTimeMillis() - IDLE_TIMEOUT_MILLIS;
    cursors.values().removeIf(cursor -> cursor.lastUsedMillis() < oldest);
  }
}
