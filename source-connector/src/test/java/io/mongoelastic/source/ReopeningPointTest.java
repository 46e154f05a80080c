package io.mongoelastic.source;

import static io.mongoelastic.source.stream.ChangeStreamDocumentBuilder.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.source.ReopeningPoint.Reached;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

/**
 * Where the shared stream reopens and which collections its {@code $match} keeps for that, decided
 * from the events of a read alone (no server): the stream must never reopen at a non-member's event
 * without that collection (280), nor keep a non-member longer than it takes to pass its event.
 */
class ReopeningPointTest {
  private static final Set<String> MEMBERS = Set.of("quiet", "orders");

  private final ReopeningPoint point = new ReopeningPoint(() -> "shop.quiet, shop.orders");

  /** A resume token in MongoDB's format: 0x82, then the cluster time (seconds, increment 1). */
  private static BsonDocument token(int seconds) {
    long time = (long) seconds << 32 | 1;
    return new BsonDocument("_data", new BsonString(String.format("82%016X2B0229", time)));
  }

  private static ChangeStreamDocument<BsonDocument> insert(int seconds, String collection) {
    return event("insert").resumeToken(token(seconds)).namespace("shop", collection).build();
  }

  private static StreamPosition after(ChangeStreamDocument<BsonDocument> event) {
    return StreamPosition.after(event.getResumeToken(), false);
  }

  /** As after a restart: the point is a busy collection's event that a member stored. */
  private Set<String> openedAtBusyEvent() {
    point.set(StreamPosition.after(token(100), false), Set.of("quiet", "busy"));
    return point.opened(MEMBERS);
  }

  /** As when the members' earliest position is a cluster time: nothing but members is kept. */
  private void openedAtATime() {
    point.set(StreamPosition.at(new BsonTimestamp(100, 1)), Set.of());
    point.opened(MEMBERS);
  }

  /** One read of {@code events}, the reader ending at the last of them (no high-water mark). */
  @SafeVarargs
  private Reached readEndingAtLastEvent(ChangeStreamDocument<BsonDocument>... events) {
    point.readStarts();
    for (ChangeStreamDocument<BsonDocument> event : events) {
      point.passed(event, MEMBERS);
    }
    return point.readEnded(after(events[events.length - 1]), false, MEMBERS);
  }

  @Test
  void anOpeningAtANonMembersEventKeepsThatCollectionInTheMatch() {
    assertThat(openedAtBusyEvent()).containsExactlyInAnyOrder("quiet", "orders", "busy");
    assertThat(point.passedKeptNonMembers()).isFalse();
  }

  @Test
  void aHighWaterMarkIsWhatTheMembersReachAndFreesTheKeptCollection() {
    openedAtBusyEvent();
    point.readStarts();
    point.passed(insert(101, "busy"), MEMBERS);
    StreamPosition mark = StreamPosition.after(token(102), false);

    Reached reached = point.readEnded(mark, true, MEMBERS);

    assertThat(reached).isEqualTo(new Reached(mark, null));
    assertThat(point.position()).isEqualTo(mark);
    assertThat(point.owners()).isEmpty();
    assertThat(point.passedKeptNonMembers()).isTrue();
  }

  @Test
  void aReadEndingAtAMemberEventIsReachedWithThatMember() {
    openedAtATime();
    ChangeStreamDocument<BsonDocument> order = insert(102, "orders");

    Reached reached = readEndingAtLastEvent(insert(101, "quiet"), order);

    assertThat(reached).isEqualTo(new Reached(after(order), "orders"));
    assertThat(point.position()).isEqualTo(after(order));
    assertThat(point.owners()).containsExactly("orders");
    assertThat(point.passedKeptNonMembers()).isFalse();
  }

  @Test
  void aReadEndingAtAKeptCollectionsEventsGoesBackToItsLastMemberEvent() {
    openedAtBusyEvent();
    ChangeStreamDocument<BsonDocument> order = insert(102, "orders");

    Reached reached = readEndingAtLastEvent(insert(101, "busy"), order, insert(103, "busy"));

    assertThat(point.position()).isEqualTo(after(order));
    assertThat(point.owners()).containsExactly("orders");
    assertThat(reached)
        .as("the members store the member event, never the kept collection's")
        .isEqualTo(new Reached(after(order), "orders"));
    assertThat(point.passedKeptNonMembers()).isTrue();
  }

  @Test
  void aReadOfOnlyTheKeptCollectionsEventsReopensAtTheClusterTimeOfTheLast() {
    openedAtBusyEvent();

    Reached reached = readEndingAtLastEvent(insert(101, "busy"), insert(105, "busy"));

    assertThat(reached).as("no member event to store").isNull();
    assertThat(point.position()).isEqualTo(StreamPosition.at(new BsonTimestamp(105, 1)));
    assertThat(point.owners()).isEmpty();
    assertThat(point.passedKeptNonMembers()).isTrue();
  }

  @Test
  void aTokenWhoseTimeCannotBeReadKeepsTheCollectionUntilAMemberEventOrAMark() {
    openedAtBusyEvent();
    ChangeStreamDocument<BsonDocument> untimed =
        event("insert")
            .resumeToken(new BsonDocument("_data", new BsonString("91ABCD")))
            .namespace("shop", "busy")
            .build();

    Reached reached = readEndingAtLastEvent(untimed);

    assertThat(reached).isNull();
    assertThat(point.position()).isEqualTo(after(untimed));
    assertThat(point.owners()).containsExactly("busy");
    assertThat(point.passedKeptNonMembers()).isFalse();
  }

  @Test
  void aRenameOntoAMemberIsReachedWithTheMemberItWasRenamedTo() {
    openedAtATime();
    ChangeStreamDocument<BsonDocument> rename =
        event("rename")
            .resumeToken(token(101))
            .namespace("shop", "staging")
            .renamedTo("shop", "orders")
            .build();

    Reached reached = readEndingAtLastEvent(rename);

    assertThat(reached).isEqualTo(new Reached(after(rename), "orders"));
    assertThat(point.owners()).containsExactlyInAnyOrder("staging", "orders");
  }

  @Test
  void aReadEndingAtTheStreamsInvalidateStoresNothing() {
    openedAtATime();
    point.readStarts();
    ChangeStreamDocument<BsonDocument> invalidate =
        event("invalidate").resumeToken(token(101)).database("shop").build();
    point.passed(invalidate, MEMBERS);
    StreamPosition afterInvalidate = StreamPosition.after(token(101), true);

    Reached reached = point.readEnded(afterInvalidate, false, MEMBERS);

    assertThat(reached).isNull();
    assertThat(point.position()).isEqualTo(afterInvalidate);
  }

  @Test
  void aReadTheReaderRestartedGetsBackThePointAndTheCollectionsItBeganWith() {
    openedAtBusyEvent();
    StreamPosition began = point.position();
    point.readStarts();
    point.passed(insert(101, "orders"), MEMBERS);

    point.readRestarted();

    assertThat(point.position()).isEqualTo(began);
    assertThat(point.owners())
        .as("a reopening without the busy collection would fail (280)")
        .containsExactlyInAnyOrder("quiet", "busy");
  }

  @Test
  void aJoinerBehindThePointMovesItBackWithTheJoinersCollections() {
    point.set(StreamPosition.after(token(200), false), Set.of("orders"));

    point.joinAt(StreamPosition.after(token(300), false), Set.of("late"));
    assertThat(point.position())
        .as("a later joiner leaves the point")
        .isEqualTo(StreamPosition.after(token(200), false));

    point.joinAt(StreamPosition.after(token(100), false), Set.of("early", "busy"));
    assertThat(point.position()).isEqualTo(StreamPosition.after(token(100), false));
    assertThat(point.owners()).containsExactlyInAnyOrder("early", "busy");
  }

  @Test
  void aJoinerBeforeTheFirstOpeningLeavesThePointUnset() {
    point.joinAt(StreamPosition.after(token(100), false), Set.of("orders"));

    assertThat(point.position()).as("the stream opens at the members' earliest").isNull();
  }
}
