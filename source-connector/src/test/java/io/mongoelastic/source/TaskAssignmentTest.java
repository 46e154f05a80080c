package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.snapshot.SnapshotBound;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.stream.StartPoint;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {
  @Test
  void survivesTheTaskConfigRoundTrip() {
    TaskAssignment assignment = TaskAssignment.empty();
    assignment.ownedCollections().add("orders");
    SnapshotPlan plan =
        new SnapshotPlan(
            "shop.orders",
            "s1",
            SnapshotReason.USER_REQUESTED,
            new BsonTimestamp(100, 2),
            new BsonDocument("_data", new BsonString("8200")),
            List.of(new BsonInt64(5), new BsonString("m")),
            "0b7c2b1e-5f7a-4a53-9f55-3f1c1d6a2e10",
            new SnapshotBound(new BsonObjectId(new ObjectId("6553f1000000000000000001"))));
    assignment.addRange("orders", plan, 0);
    assignment.addRange("orders", plan, 2);
    assignment.streamStarts().put("users", new StartPoint(new BsonTimestamp(7, 1), null));

    TaskAssignment back = TaskAssignment.fromJson(assignment.toJson());

    assertThat(back).isEqualTo(assignment);
  }
}
