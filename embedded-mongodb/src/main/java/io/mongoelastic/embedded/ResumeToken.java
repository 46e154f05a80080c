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
 *
 * <p>A fragment of an event split by {@code $changeStreamSplitLargeEvent} has its own token: the
 * event's, followed by the 0-based fragment index, so it sorts after the event's other fragments
 * and before the next event. {@code fragment} is {@link #WHOLE_EVENT} for every other token.
 *
 * <p>The events of one transaction share the commit's cluster time; like MongoDB's, their tokens
 * also carry the event's index in the transaction ({@code txnOpIndex}), so they are distinct and
 * ordered. {@code txnOpIndex} is {@link #NOT_IN_TRANSACTION} for every other token.
 */
record ResumeToken(long clusterTime, Kind kind, int txnOpIndex, int fragment) {
  static final int WHOLE_EVENT = -1;
  static final int NOT_IN_TRANSACTION = -1;

  ResumeToken(long clusterTime, Kind kind) {
    this(clusterTime, kind, NOT_IN_TRANSACTION, WHOLE_EVENT);
  }

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

  /** The token of a recorded event (with its index when it belongs to a transaction). */
  static ResumeToken of(ChangeEntry entry) {
    return new ResumeToken(entry.clusterTime(), Kind.EVENT, entry.txnOpIndex(), WHOLE_EVENT);
  }

  static ResumeToken invalidate(long clusterTime) {
    return new ResumeToken(clusterTime, Kind.INVALIDATE);
  }

  static ResumeToken highWaterMark(long clusterTime) {
    return new ResumeToken(clusterTime, Kind.HIGH_WATER_MARK);
  }

  /** The token of one fragment (0-based) of the event at this token's cluster time. */
  ResumeToken fragment(int index) {
    return new ResumeToken(clusterTime, Kind.EVENT, txnOpIndex, index);
  }

  boolean isFragment() {
    return fragment != WHOLE_EVENT;
  }

  boolean inTransaction() {
    return txnOpIndex != NOT_IN_TRANSACTION;
  }

  Document toDocument() {
    String data = PREFIX + String.format(Locale.ROOT, "%016X%02X", clusterTime, kind.code);
    if (inTransaction()) {
      data += String.format(Locale.ROOT, "%08X", txnOpIndex);
    }
    if (isFragment()) {
      data += String.format(Locale.ROOT, "%04X", fragment);
    }
    return new Document("_data", data);
  }

  /** Parses a token this server issued; anything else is MongoDB's error 260. */
  static ResumeToken parse(Object token) {
    if (!(token instanceof Document document) || !(document.get("_data") instanceof String data)) {
      throw CommandException.invalidResumeToken(
          "the resume token is not of the form {_data: <string>}");
    }
    // Lengths tell the optional parts apart: 8 digits of txnOpIndex, then 4 of fragment index.
    int wholeLength = PREFIX.length() + 18;
    int extra = data.length() - wholeLength;
    boolean transaction = extra == 8 || extra == 12;
    boolean fragment = extra == 4 || extra == 12;
    if ((extra != 0 && !transaction && !fragment) || !data.startsWith(PREFIX)) {
      throw CommandException.invalidResumeToken("the resume token was not issued by this server");
    }
    try {
      long clusterTime = Long.parseUnsignedLong(data.substring(2, 18), 16);
      int code = Integer.parseInt(data.substring(18, 20), 16);
      int txnOpIndex =
          transaction ? Integer.parseInt(data.substring(20, 28), 16) : NOT_IN_TRANSACTION;
      int index = fragment ? Integer.parseInt(data.substring(data.length() - 4), 16) : WHOLE_EVENT;
      for (Kind kind : Kind.values()) {
        if (kind.code == code && (!(fragment || transaction) || kind == Kind.EVENT)) {
          return new ResumeToken(clusterTime, kind, txnOpIndex, index);
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw CommandException.invalidResumeToken("the resume token was not issued by this server");
  }
}
