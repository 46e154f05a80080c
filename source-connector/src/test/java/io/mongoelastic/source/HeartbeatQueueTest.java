package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** A read of the shared stream costs the members whose heartbeat is due, not all of them. */
class HeartbeatQueueTest {
  private static final long NOW = 1_000_000;

  /** A member whose due time the test sets, counting how often it is asked. */
  private static final class Member implements SharedChangeStream.Member {
    final String name;
    long dueAt;
    int asked;

    Member(String name, long dueAt) {
      this.name = name;
      this.dueAt = dueAt;
    }

    @Override
    public String collection() {
      return name;
    }

    @Override
    public StreamPosition position() {
      return null;
    }

    @Override
    public String positionCollection() {
      return null;
    }

    @Override
    public void accept(ChangeStreamDocument<BsonDocument> event, List<SourceRecord> out) {}

    @Override
    public void reached(StreamPosition shared, String eventCollection, List<SourceRecord> out) {}

    @Override
    public long heartbeatDueAtMillis() {
      asked++;
      return dueAt;
    }

    @Override
    public void answered() {}

    @Override
    public void historyLost(HistoryLostException e) {}
  }

  private final Map<String, SharedChangeStream.Member> members = new LinkedHashMap<>();
  private final HeartbeatQueue queue = new HeartbeatQueue();

  private Member join(String name, long dueAt) {
    Member member = new Member(name, dueAt);
    members.put(name, member);
    queue.add(member);
    return member;
  }

  private List<String> visitDue(long now) {
    List<String> visited = new ArrayList<>();
    queue.visitDue(
        now,
        members,
        member -> {
          visited.add(member.collection());
          // As a collection does: a heartbeat sent now is due again one interval later.
          ((Member) member).dueAt = now + 1_000;
        });
    return visited;
  }

  @Test
  void onlyTheDueMembersOfAThousandAreVisitedOrAsked() {
    List<Member> quiet = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      quiet.add(join("c" + i, NOW + 60_000));
    }
    join("due1", NOW - 5);
    join("due2", NOW);
    quiet.forEach(member -> member.asked = 0);

    assertThat(visitDue(NOW)).containsExactlyInAnyOrder("due1", "due2");
    assertThat(quiet).allMatch(member -> member.asked == 0);
    assertThat(visitDue(NOW + 1)).isEmpty();
    assertThat(visitDue(NOW + 1_000)).containsExactlyInAnyOrder("due1", "due2");
  }

  @Test
  void aMemberThatSentAnEventSinceIsRequeuedAtItsNewTimeNotVisited() {
    Member busy = join("busy", NOW);
    busy.dueAt = NOW + 500;

    assertThat(visitDue(NOW)).isEmpty();
    assertThat(visitDue(NOW + 500)).containsExactly("busy");
  }

  @Test
  void aMemberThatLeftIsForgottenAndOneThatRejoinsIsQueuedOnce() {
    Member left = join("left", Long.MAX_VALUE);
    members.remove("left");
    queue.remove(left);
    assertThat(queue.size()).isZero();
    left.dueAt = NOW;

    members.put("left", left);
    queue.add(left);
    queue.add(left);
    assertThat(queue.size()).isEqualTo(1);
    assertThat(visitDue(NOW)).containsExactly("left");
  }

  @Test
  void aMemberReplacedUnderItsNameIsNotVisited() {
    join("orders", NOW);
    Member replacement = new Member("orders", NOW + 10);
    members.put("orders", replacement);

    assertThat(visitDue(NOW)).isEmpty();
    assertThat(queue.size()).isZero();
  }

  @Test
  void aMemberWithoutHeartbeatsIsNeverVisited() {
    join("never", Long.MAX_VALUE);

    assertThat(visitDue(Long.MAX_VALUE - 1)).isEmpty();
  }
}
