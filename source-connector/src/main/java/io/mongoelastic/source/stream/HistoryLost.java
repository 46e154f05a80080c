package io.mongoelastic.source.stream;

import com.mongodb.MongoServerException;
import java.util.Set;

/** Recognises the server errors meaning a stored stream position is no longer in the oplog. */
public final class HistoryLost {
  /** ChangeStreamHistoryLost, ChangeStreamFatalError (token not found), CappedPositionLost. */
  private static final Set<Integer> CODES = Set.of(286, 280, 136);

  private HistoryLost() {}

  public static boolean is(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MongoServerException e && CODES.contains(e.getCode())) {
        return true;
      }
    }
    return false;
  }
}
