package io.mongoelastic.source.stream;

import com.mongodb.MongoException;

/**
 * Recognises MongoDB's refusal to resume from a fragment's resume token without the {@code
 * $changeStreamSplitLargeEvent} stage (ChangeStreamFatalError 280). The token itself is opaque, so
 * the server's answer is what tells a fragment token from another; the stream then reopens with the
 * stage.
 */
final class SplitEventResume {
  private SplitEventResume() {}

  static boolean needsSplitStage(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MongoException e
          && e.getCode() == 280
          && String.valueOf(e.getMessage())
              .contains("must include a $changeStreamSplitLargeEvent")) {
        return true;
      }
    }
    return false;
  }
}
