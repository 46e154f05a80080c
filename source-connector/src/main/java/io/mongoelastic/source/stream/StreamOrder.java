package io.mongoelastic.source.stream;

import java.util.Collection;
import java.util.Locale;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;

/**
 * The order of change-stream positions: by cluster time, then by the token itself. The events of
 * one transaction (and events of several shards) share a cluster time; a token's {@code _data} is
 * the hex form of a KeyString whose byte order is the server's order of stream positions (cluster
 * time first, then the position within it), so the lower string is the earlier position. The same
 * event has the same token whichever stream (collection or database) returned it, so tokens of
 * different streams compare too.
 */
public final class StreamOrder {
  private StreamOrder() {}

  /** Negative when token {@code a} is before {@code b}, 0 when they are the same position. */
  public static int compare(BsonDocument a, BsonDocument b) {
    BsonTimestamp timeA = ResumeTokenTime.of(a);
    BsonTimestamp timeB = ResumeTokenTime.of(b);
    if (timeA != null && timeB != null && !timeA.equals(timeB)) {
      return timeA.compareTo(timeB);
    }
    return data(a).compareTo(data(b));
  }

  /**
   * Whether the event with token {@code event} comes after {@code position}: strictly after its
   * token, or at or after its start time. An event or a token whose time cannot be read counts as
   * after (a duplicate is safe, a skipped event is not).
   */
  public static boolean isAfter(BsonDocument event, StreamPosition position) {
    if (position.token() != null) {
      if (ResumeTokenTime.of(position.token()) == null || ResumeTokenTime.of(event) == null) {
        return true;
      }
      return compare(event, position.token()) > 0;
    }
    if (position.startAt() != null) {
      BsonTimestamp time = ResumeTokenTime.of(event);
      return time == null || time.compareTo(position.startAt()) >= 0;
    }
    return true;
  }

  /**
   * Negative when a stream opened at {@code a} sees more than one opened at {@code b}. A start time
   * comes before a token of the same time (it includes the events at that time); a position whose
   * time cannot be read comes first (reading from it is safe).
   */
  public static int comparePositions(StreamPosition a, StreamPosition b) {
    BsonTimestamp timeA = timeOf(a);
    BsonTimestamp timeB = timeOf(b);
    if (timeA == null || timeB == null) {
      return timeA == null ? (timeB == null ? 0 : -1) : 1;
    }
    if (!timeA.equals(timeB)) {
      return timeA.compareTo(timeB);
    }
    if (a.token() == null || b.token() == null) {
      return a.token() == null ? (b.token() == null ? 0 : -1) : 1;
    }
    return compare(a.token(), b.token());
  }

  /** The position that sees the most: the first in {@link #comparePositions} order, or null. */
  public static StreamPosition earliest(Collection<StreamPosition> positions) {
    StreamPosition earliest = null;
    for (StreamPosition position : positions) {
      if (earliest == null || comparePositions(position, earliest) < 0) {
        earliest = position;
      }
    }
    return earliest;
  }

  private static BsonTimestamp timeOf(StreamPosition position) {
    return position.token() != null ? ResumeTokenTime.of(position.token()) : position.startAt();
  }

  private static String data(BsonDocument token) {
    return token.get("_data") instanceof BsonString data
        ? data.getValue().toUpperCase(Locale.ROOT)
        : "";
  }
}
