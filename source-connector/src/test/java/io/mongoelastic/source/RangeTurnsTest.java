package io.mongoelastic.source;

import static io.mongoelastic.source.snapshot.RangeSyncFixture.hasValue;
import static io.mongoelastic.source.snapshot.RangeSyncFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.source.snapshot.RangeSync;
import io.mongoelastic.source.snapshot.RangeSyncFixture;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonInt32;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three snapshot ranges on one task with the default fetch size and poll size, against a real
 * server (the embedded one unless -Dmongodb.it.uri names one): the last range's changes flow while
 * the first two are still read.
 */
class RangeTurnsTest {
  private static final int PER_RANGE = 5_000;
  private static final int FETCH_SIZE = 1_000;
  private static final int POLL_MAX_RECORDS = 2_000;

  private final RangeSyncFixture fixture = new RangeSyncFixture("range-turns-test", 3);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void theLastRangesChangesFlowWhileTheFirstRangesAreRead() throws Exception {
    fixture.insert(3 * PER_RANGE);
    SnapshotPlan plan =
        fixture.plan(List.<BsonValue>of(new BsonInt32(PER_RANGE), new BsonInt32(2 * PER_RANGE)));
    List<RangeSync> ranges = new ArrayList<>();
    for (int i = 0; i < plan.rangeCount(); i++) {
      ranges.add(
          fixture.range(
              plan,
              i,
              FETCH_SIZE,
              CollectionOwner.streamBatchSize(POLL_MAX_RECORDS),
              () -> false,
              () -> false));
    }
    RangeTurns turns = new RangeTurns();
    List<SourceRecord> out = new ArrayList<>();
    turns.step(ranges, out, POLL_MAX_RECORDS);

    int changed = 3 * PER_RANGE - 1;
    fixture.collection().updateOne(Filters.eq("_id", changed), Updates.set("v", 7));
    // Every poll follows every range's stream: the change comes with the next poll (or the one
    // after, should the server make it visible only after that poll's stream read).
    boolean arrived = false;
    for (int poll = 1; poll <= 2 && !arrived; poll++) {
      out.clear();
      turns.step(ranges, out, POLL_MAX_RECORDS);
      arrived = hasValue(out, key(changed), "7");
      // About the poll size: a range with no allowance left adds at most one event.
      assertThat(out.size()).as("records of poll %d", poll).isLessThanOrEqualTo(2_010);
    }
    assertThat(arrived).as("the third range's change within two polls").isTrue();
    assertThat(ranges.get(0).done() || ranges.get(1).done())
        .as("a first range already read")
        .isFalse();
  }
}
