package io.mongoelastic.source;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StreamOrder;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link SharedChangeStream} (re)opens, and which collections its first {@code $match} must
 * pass for that.
 *
 * <p>Why it is more than a position: MongoDB resumes from an event token only if the resumed stream
 * meets that event after its leading {@code $match} (ChangeStreamFatalError 280 otherwise). A point
 * that is another collection's event (a member's stored position, or the last event read before a
 * member left) therefore keeps that collection in the {@code $match} (its "owners" here) even when
 * it is no member, and the stream reads and drops its events until it has passed the point. Once
 * past it the stream reopens without that collection; when that collection is so busy that reads
 * end at its events, the point goes back to the read's last member event, or, when the read holds
 * no member event, to the cluster time of its last event (a time resumes whatever the {@code
 * $match}). A read the reader restarted from its beginning (a split event's fragment without its
 * head) restores the point and owners it began with.
 *
 * <p>These decisions depend only on the events read and where the reader ended, so they live here,
 * apart from the cursor, the members and the hand-out, and are tested without a server.
 */
final class ReopeningPoint {
  private static final Logger LOG = LoggerFactory.getLogger(ReopeningPoint.class);

  /**
   * Where the stream got to, which the members may store: a high-water mark ({@code
   * eventCollection} null), or the token of a member event and the member it is for.
   */
  record Reached(StreamPosition position, String eventCollection) {}

  // For messages: the namespaces of the stream.
  private final Supplier<String> namespaces;
  // After the last event passed (or the post-batch token); null: open at the members' earliest.
  private StreamPosition position;
  // The collections whose event `position` may be the token of.
  private Set<String> owners = Set.of();
  // The owners the open cursor's $match passes though they are no members.
  private Set<String> keptNonMembers = Set.of();
  // The point and owners at the start of the current read, and the read's events so far.
  private StreamPosition readStart;
  private Set<String> readStartOwners = Set.of();
  private ChangeStreamDocument<BsonDocument> last;
  private ChangeStreamDocument<BsonDocument> lastOfMember;
  // Whether a resume token whose cluster time cannot be read was logged (once per stream).
  private boolean loggedUntimedToken;

  ReopeningPoint(Supplier<String> namespaces) {
    this.namespaces = namespaces;
  }

  /** The point, or null when the stream is to open at its members' earliest position. */
  StreamPosition position() {
    return position;
  }

  /** The collections whose event the point may be the token of. */
  Set<String> owners() {
    return Set.copyOf(owners);
  }

  /** Sets the point, with the collections whose event it may be the token of. */
  void set(StreamPosition at, Set<String> atOwners) {
    position = at;
    owners = atOwners;
  }

  /** Forgets the point: the stream opens next at its members' earliest position. */
  void clear() {
    set(null, Set.of());
  }

  /** A member joins at {@code from}: the point moves back to it when it is earlier. */
  void joinAt(StreamPosition from, Set<String> fromOwners) {
    if (position != null && StreamOrder.comparePositions(from, position) < 0) {
      set(from, fromOwners);
    }
  }

  /**
   * The cursor opens at the point for {@code members}: returns the collections its {@code $match}
   * passes, the members and the point's owners.
   */
  Set<String> opened(Set<String> members) {
    Set<String> nonMembers = new HashSet<>(owners);
    nonMembers.removeAll(members);
    keptNonMembers = nonMembers;
    return MemberMatch.names(members, owners);
  }

  /** A read begins. */
  void readStarts() {
    readStart = position;
    readStartOwners = owners;
    last = null;
    lastOfMember = null;
  }

  /** The read passed {@code event}: the point is after it. */
  void passed(ChangeStreamDocument<BsonDocument> event, Set<String> members) {
    last = event;
    set(
        StreamPosition.after(
            event.getResumeToken(), event.getOperationType() == OperationType.INVALIDATE),
        MemberMatch.collectionsOf(event));
    if (!Collections.disjoint(owners, members)) {
      lastOfMember = event;
    }
  }

  /**
   * The reader went back to where this read began (the point it was given): the collections that
   * point's token may name go back with it, or a reopening without them fails (280).
   */
  void readRestarted() {
    set(readStart, readStartOwners);
  }

  /**
   * The read ended between whole events, the reader at {@code readerPosition}: decides the point
   * and returns what the members may store, or null when nothing.
   */
  Reached readEnded(StreamPosition readerPosition, boolean atHighWaterMark, Set<String> members) {
    position = readerPosition;
    if (atHighWaterMark) {
      owners = Set.of();
      return new Reached(position, null);
    }
    if (endsAtEvent() && lastOfMember != null) {
      // A busy database: batches end at events and high-water marks are rare. A quiet member
      // stores the last member event's token with its collection, which its stream keeps in the
      // $match. Never a token of a collection kept in the $match only for the reopening point:
      // stored, it would keep that collection there for good.
      if (last != lastOfMember
          && !MemberMatch.collectionsOf(lastOfMember).containsAll(keptNonMembers)) {
        // The read ended at such a collection's events: the stream goes back to the last member
        // event and reopens there without it; only that collection's events, which no member
        // takes, are read again, and the new $match filters them out.
        set(
            StreamPosition.after(lastOfMember.getResumeToken(), false),
            MemberMatch.collectionsOf(lastOfMember));
      }
      if (position.token().equals(lastOfMember.getResumeToken())) {
        return new Reached(position, memberCollectionOf(lastOfMember, members));
      }
    } else if (endsAtEvent() && !keptNonMembers.isEmpty()) {
      // Every event of the read was such a collection's and the members are silent: reopen
      // without it at the cluster time of the last of them. A time resumes whatever the $match
      // (there is no event to meet); events at that time are read again, and each member drops
      // those at or before its position.
      BsonTimestamp time = ResumeTokenTime.of(last.getResumeToken());
      if (time != null) {
        set(StreamPosition.at(time), Set.of());
      } else if (!loggedUntimedToken) {
        // Correct still, only slower: the stream keeps reading (and dropping) that collection's
        // events until a member event or a high-water mark lets it reopen without it.
        loggedUntimedToken = true;
        LOG.debug(
            "The change stream of {} cannot read the cluster time of a resume token (unknown"
                + " format): it keeps {} in its $match until a member event or a high-water mark"
                + " passes it",
            namespaces.get(),
            keptNonMembers);
      }
    }
    return null;
  }

  /**
   * Whether the point is past the event that kept a non-member in the open cursor's {@code $match}:
   * the stream then reopens without it rather than read (and drop) its events for as long as the
   * cursor lives.
   */
  boolean passedKeptNonMembers() {
    return !owners.containsAll(keptNonMembers);
  }

  /** Whether the point is the last event's token, an event of a named collection. */
  private boolean endsAtEvent() {
    return last != null
        && last.getNamespace() != null
        && last.getNamespace().getCollectionName() != null
        && !position.startAfter()
        && last.getResumeToken().equals(position.token());
  }

  /**
   * The member an event passes the {@code $match} for: its own collection, else a rename's target.
   */
  private static String memberCollectionOf(
      ChangeStreamDocument<BsonDocument> event, Set<String> members) {
    String collection = event.getNamespace().getCollectionName();
    return members.contains(collection) || event.getDestinationNamespace() == null
        ? collection
        : event.getDestinationNamespace().getCollectionName();
  }
}
