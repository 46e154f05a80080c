package io.mongoelastic.source;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.offset.BsonJson;
import io.mongoelastic.source.snapshot.SnapshotBound;
import io.mongoelastic.source.snapshot.SnapshotPlan;
import io.mongoelastic.source.stream.StartPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * The work the connector gives one task, carried in the task config as JSON: the collections it
 * owns (markers, change stream), the snapshot plans it takes part in with the range indexes it
 * reads, and the stream start points of owned collections that are not snapshotted.
 */
public record TaskAssignment(
    List<String> ownedCollections,
    Map<String, SnapshotPlan> plans,
    Map<String, List<Integer>> ranges,
    Map<String, StartPoint> streamStarts) {

  public static TaskAssignment empty() {
    return new TaskAssignment(
        new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  public void addRange(String collection, SnapshotPlan plan, int range) {
    plans.put(collection, plan);
    ranges.computeIfAbsent(collection, c -> new ArrayList<>()).add(range);
  }

  public boolean isEmpty() {
    return ownedCollections.isEmpty() && ranges.isEmpty();
  }

  public String toJson() {
    BsonDocument doc = new BsonDocument();
    BsonArray owned = new BsonArray();
    ownedCollections.forEach(c -> owned.add(new BsonString(c)));
    doc.put("owned", owned);
    BsonDocument planDocs = new BsonDocument();
    plans.forEach(
        (collection, plan) -> {
          BsonDocument p = new BsonDocument();
          p.put("namespace", new BsonString(plan.namespace()));
          p.put("snapshotId", new BsonString(plan.snapshotId()));
          p.put("reason", new BsonString(plan.reason().wireValue()));
          p.put("startAt", plan.startAt());
          if (plan.startToken() != null) {
            p.put("startToken", plan.startToken());
          }
          p.put("splits", new BsonArray(new ArrayList<>(plan.splits())));
          if (plan.collectionUuid() != null) {
            p.put("collectionUuid", new BsonString(plan.collectionUuid()));
          }
          if (plan.bound() != null) {
            p.put("bound", new BsonArray(new ArrayList<>(plan.bound().ids())));
          }
          BsonArray indexes = new BsonArray();
          ranges.getOrDefault(collection, List.of()).forEach(i -> indexes.add(new BsonInt32(i)));
          p.put("ranges", indexes);
          planDocs.put(collection, p);
        });
    doc.put("plans", planDocs);
    BsonDocument starts = new BsonDocument();
    streamStarts.forEach(
        (collection, start) -> {
          BsonDocument s = new BsonDocument("startAt", start.operationTime());
          if (start.resumeToken() != null) {
            s.put("token", start.resumeToken());
          }
          starts.put(collection, s);
        });
    doc.put("streamStarts", starts);
    return BsonJson.document(doc);
  }

  public static TaskAssignment fromJson(String json) {
    TaskAssignment assignment = empty();
    if (json == null || json.isBlank()) {
      return assignment;
    }
    BsonDocument doc = BsonJson.parseDocument(json);
    doc.getArray("owned").forEach(v -> assignment.ownedCollections.add(v.asString().getValue()));
    doc.getDocument("plans")
        .forEach(
            (collection, value) -> {
              BsonDocument p = value.asDocument();
              List<BsonValue> splits = new ArrayList<>(p.getArray("splits").getValues());
              SnapshotPlan plan =
                  new SnapshotPlan(
                      p.getString("namespace").getValue(),
                      p.getString("snapshotId").getValue(),
                      SnapshotReason.fromWireValue(p.getString("reason").getValue()),
                      p.getTimestamp("startAt"),
                      p.containsKey("startToken") ? p.getDocument("startToken") : null,
                      splits,
                      p.containsKey("collectionUuid")
                          ? p.getString("collectionUuid").getValue()
                          : null,
                      p.containsKey("bound")
                          ? SnapshotBound.ofIds(p.getArray("bound").getValues())
                          : null);
              assignment.plans.put(collection, plan);
              List<Integer> indexes = new ArrayList<>();
              p.getArray("ranges").forEach(i -> indexes.add(i.asInt32().getValue()));
              assignment.ranges.put(collection, indexes);
            });
    doc.getDocument("streamStarts")
        .forEach(
            (collection, value) -> {
              BsonDocument s = value.asDocument();
              BsonTimestamp at = s.getTimestamp("startAt");
              assignment.streamStarts.put(
                  collection,
                  new StartPoint(at, s.containsKey("token") ? s.getDocument("token") : null));
            });
    return assignment;
  }
}
