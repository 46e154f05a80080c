package io.mongoelastic.source;

import static io.mongoelastic.source.SharedStreamScenario.storedAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.SharedStreamScenario.Insert;
import io.mongoelastic.source.SharedStreamScenario.Task;
import io.mongoelastic.source.offset.CollectionOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared stream with several events at one cluster time, as every multi-document transaction
 * makes them on MongoDB: each of the transaction's writes is its own change event, all with the
 * commit's {@code clusterTime}, told apart only by their resume tokens. Reopening at that cluster
 * time reads all of them again, and resuming from one of them continues with the next one; each
 * member must get each of its events exactly once either way.
 */
@Timeout(60)
class SharedStreamTransactionTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();

  @RegisterExtension
  final SharedStreamScenario scenario = new SharedStreamScenario(MONGO.server(), MONGO.client());

  /**
   * The stream opens at a busy non-member's event (a quiet member's stored heartbeat) and its first
   * read holds only that collection's events of a transaction: it reopens without it at the
   * transaction's cluster time, inclusive, and so reads the transaction's member events, among them
   * one a member had already taken (its stored position), which must be dropped by position.
   */
  @Test
  void reopeningAtATransactionsClusterTimeHandsEachMemberEventOnce() {
    BsonTimestamp from = scenario.now();
    scenario.insert("busy", "b1");
    scenario.commit(
        new Insert("busy", "t1"),
        new Insert("busy", "t2"),
        new Insert("idle", "i1"),
        new Insert("quiet", "q1"),
        new Insert("busy", "t3"),
        new Insert("quiet", "q2"));
    scenario.insert("quiet", "q3");
    scenario.insert("idle", "i2");
    List<ChangeStreamDocument<BsonDocument>> events = scenario.eventsFrom(from, 9);
    assertThat(events.get(1).getClusterTime()).isEqualTo(events.get(6).getClusterTime());

    Map<String, CollectionOffset> offsets = new LinkedHashMap<>();
    // The idle collection stored the busy one's event b1 as its heartbeat; the quiet one had
    // taken q1, the fourth event of the transaction, when its task stopped.
    offsets.put("idle", storedAt(events.get(0).getResumeToken(), "busy"));
    offsets.put("quiet", storedAt(events.get(4).getResumeToken(), null));
    Task task = scenario.resumingFrom(offsets);

    // Opened after b1 with the busy collection kept: the read holds t1 and t2 only.
    task.step(2);
    assertThat(task.records()).isEmpty();
    task.stepUntil(
        100,
        () ->
            task.documents("idle").size() >= 2 && task.documents("quiet").size() >= 2
                || !scenario.lost().isEmpty());

    assertThat(scenario.lost()).as("no 280, no new snapshot").isEmpty();
    assertThat(task.stream().matched())
        .as("reopened without the busy collection")
        .doesNotContain("busy");
    assertThat(task.documents("idle"))
        .satisfiesExactly(
            key -> assertThat(key).contains("i1"), key -> assertThat(key).contains("i2"));
    assertThat(task.documents("quiet"))
        .as("q1 was taken before the restart: not again")
        .satisfiesExactly(
            key -> assertThat(key).contains("q2"), key -> assertThat(key).contains("q3"));
  }

  /**
   * A read that ends inside a transaction, at a busy non-member's event after a member event: the
   * stream goes back to that member event, in the middle of the transaction, and reopens there
   * without the busy collection; the rest of the transaction's member events follow once.
   */
  @Test
  void aReadEndingInsideATransactionReopensAfterItsLastMemberEvent() throws Exception {
    BsonTimestamp from = scenario.now();
    scenario.insert("busy", "b1");
    scenario.commit(
        new Insert("busy", "t1"),
        new Insert("idle", "i1"),
        new Insert("busy", "t2"),
        new Insert("quiet", "q1"),
        new Insert("busy", "t3"),
        new Insert("quiet", "q2"));
    scenario.insert("quiet", "q3");
    scenario.insert("idle", "i2");
    BsonDocument b1 = scenario.eventsFrom(from, 1).get(0).getResumeToken();

    Map<String, CollectionOffset> offsets = new LinkedHashMap<>();
    offsets.put("idle", storedAt(b1, "busy"));
    offsets.put("quiet", storedAt(b1, "busy"));
    Task task = scenario.resumingFrom(offsets);

    // t1, i1, t2: the read ends at a busy event, its last member event is i1.
    SharedStreamScenario.awaitHeartbeatDue(task.member("quiet"));
    task.step(3);
    assertThat(task.documents("idle")).hasSize(1);
    assertThat(task.member("quiet").offset().positionCollection())
        .as("the quiet member stores the idle one's event i1, not the busy one's t2")
        .isEqualTo("idle");
    task.stepUntil(
        100,
        () ->
            task.documents("idle").size() >= 2 && task.documents("quiet").size() >= 3
                || !scenario.lost().isEmpty());

    assertThat(scenario.lost()).as("no 280, no new snapshot").isEmpty();
    assertThat(task.stream().matched()).doesNotContain("busy");
    assertThat(task.documents("idle"))
        .satisfiesExactly(
            key -> assertThat(key).contains("i1"), key -> assertThat(key).contains("i2"));
    assertThat(task.documents("quiet"))
        .satisfiesExactly(
            key -> assertThat(key).contains("q1"),
            key -> assertThat(key).contains("q2"),
            key -> assertThat(key).contains("q3"));
  }

  /** Stored at a middle event of a transaction, the member alone gets the rest of it once. */
  @Test
  void aRestartFromTheMiddleOfATransactionDeliversTheRestOnce() {
    BsonTimestamp from = scenario.now();
    scenario.commit(
        new Insert("orders", "o1"),
        new Insert("orders", "o2"),
        new Insert("lines", "l1"),
        new Insert("orders", "o3"));
    scenario.insert("orders", "o4");
    List<ChangeStreamDocument<BsonDocument>> events = scenario.eventsFrom(from, 5);

    Task task =
        scenario.resumingFrom(Map.of("orders", storedAt(events.get(1).getResumeToken(), null)));
    task.stepUntil(100, () -> task.documents("orders").size() >= 2 || !scenario.lost().isEmpty());
    task.step(100);

    assertThat(scenario.lost()).isEmpty();
    assertThat(task.documents("orders"))
        .satisfiesExactly(
            key -> assertThat(key).contains("o3"), key -> assertThat(key).contains("o4"));
  }

  /**
   * Two members stored at different events of one transaction: the stream opens at the earlier and
   * each member gets only its events after its own position.
   */
  @Test
  void membersStoredAtDifferentEventsOfATransactionEachGetTheirRestOnce() {
    BsonTimestamp from = scenario.now();
    scenario.commit(
        new Insert("orders", "o1"),
        new Insert("lines", "l1"),
        new Insert("orders", "o2"),
        new Insert("lines", "l2"),
        new Insert("orders", "o3"),
        new Insert("lines", "l3"));
    scenario.insert("orders", "o4");
    scenario.insert("lines", "l4");
    List<ChangeStreamDocument<BsonDocument>> events = scenario.eventsFrom(from, 8);

    Map<String, CollectionOffset> offsets = new LinkedHashMap<>();
    offsets.put("orders", storedAt(events.get(2).getResumeToken(), null)); // o2
    offsets.put("lines", storedAt(events.get(1).getResumeToken(), null)); // l1
    Task task = scenario.resumingFrom(offsets);
    task.stepUntil(
        100,
        () ->
            task.documents("orders").size() >= 2 && task.documents("lines").size() >= 3
                || !scenario.lost().isEmpty());
    task.step(100);

    assertThat(scenario.lost()).isEmpty();
    assertThat(task.documents("orders"))
        .satisfiesExactly(
            key -> assertThat(key).contains("o3"), key -> assertThat(key).contains("o4"));
    assertThat(task.documents("lines"))
        .satisfiesExactly(
            key -> assertThat(key).contains("l2"),
            key -> assertThat(key).contains("l3"),
            key -> assertThat(key).contains("l4"));
  }
}
