package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Locale;

/**
 * A change-stream resume token: {@code {_data: <hex string>}} as MongoDB sends them, encoding the
 * cluster time of the event and what kind of position it is. Tokens of later positions compare
 * greater as strings, as MongoDB's do.
 *
 * <p>Kinds: an event; the {@code invalidate} that follows the event at the same cluster time; and a
 * high-water mark, which stands for "every change up to and including this cluster time has been
 * seen" and is what an empty batch reports as its post-batch resume token.
 */
record ResumeToken(long clusterTime, Kind kind) {
  enum Kind {
    EVENT(1),
    INVALIDATE(2),
    HIGH_WATER_MARK(3);

    private final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  private static final String PREFIX = "82";

  static ResumeToken event(long clusterTime) {
    return new ResumeToken(clusterTime, Kind.EVENT);
  }

  static ResumeToken invalidate(long clusterTime) {
    return new ResumeToken(clusterTime, Kind.INVALIDATE);
  }

  static ResumeToken highWaterMark(long clusterTime) {
    return new ResumeToken(clusterTime, Kind.HIGH_WATER_MARK);
  }

  Document toDocument() {
    String data =
        PREFIX + String.format(Locale.ROOT, "%016X%02X", clusterTime, kind.code).toUpperCase();
    return new Document("_data", data);
  }

  /** Parses a token this server issued; anything else is MongoDB's error 260. */
  static ResumeToken parse(Object token) {
    if (!(token instanceof Document document) || !(document.get("_data") instanceof String data)) {
      throw CommandException.invalidResumeToken(
          "the resume token is not of the form {_data: <string>}");
    }
    if (data.length() != PREFIX.length() + 18 || !data.startsWith(PREFIX)) {
      throw CommandException.invalidResumeToken("the resume token was not issued by this server");
    }
    try {
      long clusterTime = Long.parseUnsignedLong(data.substring(2, 18), 16);
      int code = Integer.parseInt(data.substring(18), 16);
      for (Kind kind : Kind.values()) {
        if (kind.code == code) {
          return new ResumeToken(clusterTime, kind);
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw CommandException.invalidResumeToken("the resume token was not issued by this server");
  }
}
