package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.harness.EmbeddedMongoExtension;
import io.mongoelastic.source.SharedStreamScenario.Task;
import io.mongoelastic.source.stream.StreamOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The positions collections store while sharing a change stream resume a stream over any other set
 * of collections: the embedded server, like MongoDB, fails a stream resumed from an event its
 * {@code $match} filters out (280), which the connector would take for lost history and answer with
 * a new snapshot.
 */
@Timeout(60)
class SharedStreamStoredPositionsTest {
  @RegisterExtension static final EmbeddedMongoExtension MONGO = EmbeddedMongoExtension.shared();

  @RegisterExtension
  final SharedStreamScenario scenario = new SharedStreamScenario(MONGO.server(), MONGO.client());

  @Test
  void aQuietCollectionResumesAloneAfterARestartWithoutTheBusyOne() {
    Task before = scenario.streamingFromNow("busy", "quiet");
    scenario.insertNumbered("busy", "b", 2);
    before.stepUntil(100, () -> before.documents("busy").size() >= 2);
    before.stepUntil(100, () -> before.member("quiet").offset().resumeToken() != null);
    before.close();

    // After a restart the busy collection is no longer this task's (or it re-snapshots).
    Task after = scenario.restarted(before, "quiet");
    scenario.insert("busy", "b3");
    scenario.insert("quiet", "q1");
    after.stepUntil(100, () -> !after.documents("quiet").isEmpty() || !scenario.lost().isEmpty());

    assertThat(scenario.lost()).isEmpty();
    assertThat(after.documents("quiet")).hasSize(1).allMatch(key -> key.contains("q1"));
  }

  @Test
  void aCollectionLeavingRightAfterItsEventCostsTheOthersNothing() {
    Task task = scenario.streamingFromNow("leaving", "staying");
    scenario.insertNumbered("leaving", "l", 2);
    // One event per read: the stream's position is now l1's token, not a high-water mark.
    task.stepUntil(1, () -> task.documents("leaving").size() >= 1);

    task.leave("leaving");
    scenario.insert("staying", "s1");
    task.stepUntil(100, () -> !task.documents("staying").isEmpty() || !scenario.lost().isEmpty());

    assertThat(scenario.lost()).isEmpty();
    assertThat(task.documents("staying")).hasSize(1).allMatch(key -> key.contains("s1"));
    assertThat(task.documents("leaving")).hasSize(1);
  }

  @Test
  void aQuietCollectionKeepsUpWithABusyOneAndResumesWithoutIt() throws Exception {
    Task before = scenario.streamingFromNow("busy", "quiet");
    scenario.insertNumbered("busy", "b", 5);
    // One event per read of a batch of five: every read ends at a busy event, none at a
    // high-water mark, and the quiet collection's heartbeat is due at each.
    before.readOneEventPerRead("busy", 3);
    assertThat(before.documents("busy")).hasSize(3);

    CollectionStream quiet = before.member("quiet");
    assertThat(quiet.offset().resumeToken())
        .isEqualTo(before.member("busy").offset().resumeToken());
    assertThat(quiet.offset().positionCollection()).isEqualTo("busy");
    assertThat(before.records())
        .filteredOn(r -> r.topic().equals(scenario.config().heartbeatTopic()))
        .last()
        .satisfies(r -> assertThat(r.sourceOffset().get("position_collection")).isEqualTo("busy"));
    before.close();

    // After a restart the busy collection is no longer this task's: the stream opens at its event.
    scenario.insert("quiet", "q1");
    Task after = scenario.restarted(before, "quiet");
    scenario.insert("busy", "b6");
    scenario.insert("quiet", "q2");
    after.stepUntil(100, () -> after.documents("quiet").size() >= 2 || !scenario.lost().isEmpty());

    assertThat(scenario.lost()).as("no 280, no new snapshot").isEmpty();
    assertThat(after.documents("quiet"))
        .satisfiesExactly(
            key -> assertThat(key).contains("q1"), key -> assertThat(key).contains("q2"));
    assertThat(after.documents("busy")).isEmpty();
    assertThat(after.member("quiet").offset().positionCollection()).isNull();
    // Past the busy event, the stream no longer reads the busy collection's events.
    after.stepUntil(100, () -> !after.stream().matched().contains("busy"));
    assertThat(after.stream().matched()).containsExactly("quiet");
  }

  /**
   * A collection kept in the {@code $match} only because the stream opened at its event, so busy
   * that every read ends at its events: the stream must still leave it, and quiet members must not
   * store its tokens (which would keep it in the {@code $match} of every later opening too).
   */
  @Test
  void aBusyCollectionKeptForTheOpeningPointIsLeftThoughEveryReadEndsAtItsEvents()
      throws Exception {
    Task before = scenario.streamingFromNow("busy", "quiet", "idle");
    scenario.insertNumbered("busy", "b", 5);
    before.readOneEventPerRead("busy", 3);
    assertThat(before.member("idle").offset().positionCollection()).isEqualTo("busy");
    assertThat(before.member("quiet").offset().positionCollection()).isEqualTo("busy");
    before.close();

    // After a restart the busy collection is no longer this task's; it keeps being written, one
    // write after each of the quiet collection's, so every read of two events ends at its event.
    Task after = scenario.restarted(before, "quiet", "idle");
    for (int i = 1; i <= 20; i++) {
      scenario.insert("quiet", "q" + i);
      scenario.insert("busy", "x" + i);
    }
    after.stepUntil(2, () -> after.documents("quiet").size() >= 3 || !scenario.lost().isEmpty());

    assertThat(after.stream().matched())
        .as("reopened without the busy collection")
        .doesNotContain("busy");
    assertThat(after.member("idle").offset().positionCollection())
        .as("the idle collection stores a member's event, not the busy one's")
        .isNotEqualTo("busy");
    after.stepUntil(2, () -> after.documents("quiet").size() >= 20 || !scenario.lost().isEmpty());
    assertThat(scenario.lost()).as("no 280, no new snapshot").isEmpty();
    assertThat(after.documents("quiet"))
        .as("every change of the quiet collection once, in order")
        .hasSize(20)
        .satisfies(
            keys -> {
              for (int i = 0; i < 20; i++) {
                assertThat(keys.get(i)).contains("q" + (i + 1));
              }
            });
    assertThat(after.documents("busy")).isEmpty();

    // The positions stored meanwhile resume a stream of the members alone.
    Task again = scenario.restarted(after, "idle");
    scenario.insert("idle", "i1");
    again.stepUntil(100, () -> !again.documents("idle").isEmpty() || !scenario.lost().isEmpty());
    assertThat(scenario.lost()).isEmpty();
    assertThat(again.stream().matched()).doesNotContain("busy");
    assertThat(again.documents("idle")).hasSize(1).allMatch(key -> key.contains("i1"));
  }

  /** As above, with members that have no event at all while the busy collection is read. */
  @Test
  void aBusyCollectionKeptForTheOpeningPointIsLeftWhileTheMembersStaySilent() throws Exception {
    Task before = scenario.streamingFromNow("busy", "idle");
    scenario.insertNumbered("busy", "b", 5);
    before.readOneEventPerRead("busy", 3);
    CollectionStream idle = before.member("idle");
    assertThat(idle.offset().positionCollection()).isEqualTo("busy");
    before.close();

    Task after = scenario.restarted(before, "idle");
    CollectionStream idleAfter = after.member("idle");
    scenario.insertNumbered("busy", "x", 20);
    // One event per read of a batch of twenty: every read ends at a busy event (the batch is not
    // drained, so no high-water mark comes).
    for (int i = 0; i < 5; i++) {
      after.step(1);
    }
    assertThat(after.stream().matched())
        .as("reopened without the busy collection")
        .containsExactly("idle");
    after.stepUntil(
        1, () -> idleAfter.offset().positionCollection() == null || !scenario.lost().isEmpty());
    assertThat(scenario.lost()).as("no 280, no new snapshot").isEmpty();
    assertThat(idleAfter.offset().resumeToken())
        .as("the idle collection's position moved past the busy events")
        .isNotEqualTo(idle.offset().resumeToken());

    scenario.insert("idle", "i1");
    after.stepUntil(100, () -> !after.documents("idle").isEmpty() || !scenario.lost().isEmpty());
    assertThat(scenario.lost()).isEmpty();
    assertThat(after.documents("idle")).hasSize(1).allMatch(key -> key.contains("i1"));
    assertThat(after.documents("busy")).isEmpty();
  }

  @Test
  void aReadEndingAtAHighWaterMarkIsStoredRatherThanTheLastEvent() throws Exception {
    Task task = scenario.streamingFromNow("busy", "quiet");
    CollectionStream quiet = task.member("quiet");
    scenario.insertNumbered("busy", "b", 2);
    // A later write the stream does not watch: the scan passes it, so the server reports a
    // high-water mark past b2 (ending at b2 itself, it would report b2's token, as MongoDB does).
    scenario.insert("unwatched", "u1");
    SharedStreamScenario.awaitHeartbeatDue(quiet);
    // The whole batch in one read: it is drained, and the server reports a mark past b2.
    task.stepUntil(100, () -> task.documents("busy").size() >= 2);

    assertThat(quiet.offset().positionCollection()).isNull();
    assertThat(quiet.position().token()).isNotNull();
    assertThat(StreamOrder.comparePositions(quiet.position(), task.member("busy").position()))
        .isPositive();
  }
}
