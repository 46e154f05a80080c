package io.mongoelastic.source.stream;

import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Kind;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;

/**
 * Recognises the server errors meaning a stored stream position is no longer in the oplog
 * (ChangeStreamHistoryLost, CappedPositionLost, a resume token that cannot be found); not a
 * pipeline that modified the resume token, which fails with the same code (see {@link
 * MongoErrorClassifier}).
 */
public final class HistoryLost {
  private HistoryLost() {}

  public static boolean is(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (MongoErrorClassifier.classify(t, Read.CHANGE_STREAM) == Kind.HISTORY_LOST) {
        return true;
      }
    }
    return false;
  }
}
