package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.it.TopicTail.Rec;
import io.mongoelastic.source.record.DocumentIdEncoder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Snapshot, change events and restarts on one worker, with the packaged plugin. */
class SnapshotAndStreamIT {
  private static ConnectStack stack;
  private static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-basic").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String unique(String base) {
    return base + SEQ.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  private static MongoDatabase db(String name) {
    return SharedServices.mongo().client().getDatabase(name);
  }

  private static Set<String> keys(List<Rec> records) {
    return records.stream().filter(Rec::isData).map(Rec::key).collect(Collectors.toSet());
  }

  @Test
  void snapshotsEveryBsonTypeAndMixedTypeIdsBetweenMarkers() {
    String database = unique("types");
    MongoCollection<BsonDocument> coll = db(database).getCollection("all", BsonDocument.class);
    List<BsonValue> ids =
        List.of(
            new BsonMinKey(),
            new BsonNull(),
            new BsonInt32(1),
            new BsonInt64(2),
            new org.bson.BsonDouble(2.5),
            new org.bson.BsonDecimal128(Decimal128.parse("3.25")),
            new BsonString("a"),
            new BsonString("b"),
            new BsonDocument("k", new BsonInt32(1)),
            new BsonBinary(new byte[] {1, 2, 3}),
            new BsonObjectId(new ObjectId()),
            org.bson.BsonBoolean.TRUE,
            new org.bson.BsonDateTime(-86_400_000L),
            new BsonTimestamp(5, 1),
            new BsonMaxKey());
    for (BsonValue id : ids) {
      coll.insertOne(
          new BsonDocument("_id", id).append("kind", new BsonString(id.getBsonType().name())));
    }
    // Every BSON type as a field value.
    MongoCollection<Document> docs = db(database).getCollection("all");
    docs.insertOne(
        new Document("_id", "everything")
            .append("objectId", new ObjectId())
            .append("dateBefore1970", new Date(-1_000_000L))
            .append("decimal", new Decimal128(new BigDecimal("12345678901234567890.123456789")))
            .append("long", Long.MAX_VALUE)
            .append("binary", new Binary(new byte[] {9, 8}))
            .append("uuid", new BsonBinary(UUID.randomUUID()))
            .append("timestamp", new BsonTimestamp(7, 3))
            .append("regex", new BsonRegularExpression("^a", "i"))
            .append("minKey", new MinKey())
            .append("maxKey", new MaxKey())
            .append("nan", Double.NaN)
            .append("inf", Double.POSITIVE_INFINITY)
            .append("ninf", Double.NEGATIVE_INFINITY)
            .append("nested", new Document("a", List.of(1, "two", new Document("b", true))))
            .append("nullValue", null));

    String name = unique("types-conn");
    Map<String, String> config = SourceItConfigs.connector(stack, database, "all");
    config.put("snapshot.chunk.size", "3");
    stack.cluster().configureConnector(name, config);
    String topic = "mongodb." + database + ".all";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      List<Rec> seen =
          tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      Set<String> expected = new HashSet<>();
      ids.forEach(id -> expected.add(DocumentIdEncoder.encode(id)));
      expected.add(DocumentIdEncoder.encode(new BsonString("everything")));
      assertThat(keys(seen)).isEqualTo(expected);
      assertThat(seen.get(0).control()).isEqualTo("snapshot_start");
      assertThat(seen.stream().filter(Rec::isData)).allMatch(r -> "snapshot".equals(r.operation()));
      assertThat(seen.stream().filter(Rec::isData))
          .allMatch(r -> r.version() != null && r.version() > 0);
      Rec everything =
          seen.stream().filter(r -> "everything".equals(r.key())).findFirst().orElseThrow();
      assertThat(everything.value().get("long").asText()).contains("9223372036854775807");
      assertThat(everything.value().get("nested")).isNotNull();
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void writesMadeDuringTheSnapshotAllArrive() throws Exception {
    String database = unique("during");
    MongoCollection<Document> coll = db(database).getCollection("items");
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      batch.add(new Document("_id", i).append("v", 0));
    }
    coll.insertMany(batch);
    String name = unique("during-conn");
    Map<String, String> config = SourceItConfigs.connector(stack, database, "items");
    config.put("snapshot.chunk.size", "50");
    config.put("poll.max.records", "50");
    stack.cluster().configureConnector(name, config);
    // Writes while the snapshot runs: new documents, updates and deletes.
    for (int i = 0; i < 200; i++) {
      coll.insertOne(new Document("_id", 10_000 + i).append("v", 1));
      coll.updateOne(Filters.eq("_id", i * 10), Updates.set("v", 2));
    }
    coll.deleteOne(Filters.eq("_id", 5));
    String topic = "mongodb." + database + ".items";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      List<Rec> seen =
          tail.awaitUntil(
              r ->
                  r.stream().anyMatch(x -> "delete".equals(x.operation()) && "5".equals(x.key()))
                      && keys(r).size() >= 3200);
      Set<String> keys = keys(seen);
      for (int i = 0; i < 200; i++) {
        assertThat(keys).contains(DocumentIdEncoder.encode(new BsonInt32(10_000 + i)));
      }
      // The last record of each updated document carries v=2 (per-document order holds).
      for (int i = 0; i < 200; i++) {
        String key = DocumentIdEncoder.encode(new BsonInt32(i * 10));
        if (i * 10 == 5) {
          continue;
        }
        List<Rec> forKey = seen.stream().filter(r -> key.equals(r.key())).toList();
        Rec last = forKey.get(forKey.size() - 1);
        assertThat(last.value().get("v").asInt()).as(key).isEqualTo(2);
      }
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void sourceVersionHeaderDecodesToTheClusterTimeOfTheWrite() {
    String database = unique("version");
    MongoCollection<Document> coll = db(database).getCollection("c");
    long snapshotFrom = clusterTimeOf(coll);
    coll.insertOne(new Document("_id", "seed"));
    String name = unique("version-conn");
    stack.cluster().configureConnector(name, SourceItConfigs.connector(stack, database, "c"));
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      long before = clusterTimeOf(coll);
      BsonTimestamp written;
      try (ClientSession session = SharedServices.mongo().client().startSession()) {
        coll.insertOne(session, new Document("_id", "after").append("n", 1));
        written = session.getOperationTime();
      }
      List<Rec> seen = tail.awaitUntil(r -> r.stream().anyMatch(x -> "after".equals(x.key())));
      Rec change = seen.stream().filter(r -> "after".equals(r.key())).findFirst().orElseThrow();
      // Decoded with the shared contract: the cluster time the change event carried, which on
      // MongoDB is the write's own (operationTime of its reply); other writers may only make it
      // earlier than that, never earlier than a read before the write.
      long decoded = clusterTime(change.version());
      assertThat(decoded).isGreaterThan(before).isLessThanOrEqualTo(written.getValue());
      Rec snapshot = seen.stream().filter(r -> "seed".equals(r.key())).findFirst().orElseThrow();
      assertThat(clusterTime(snapshot.version())).isGreaterThan(snapshotFrom).isLessThan(decoded);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  /** A version decoded by the shared contract, as a BSON timestamp's {@code getValue()}. */
  private static long clusterTime(long version) {
    return SourceVersion.seconds(version) << 32 | SourceVersion.increment(version);
  }

  /** The cluster time the server reports for a read, i.e. not before every earlier write. */
  private static long clusterTimeOf(MongoCollection<Document> coll) {
    try (ClientSession session = SharedServices.mongo().client().startSession()) {
      coll.countDocuments(session);
      return session.getOperationTime().getValue();
    }
  }

  @Test
  void eachChangeProducesTheRightRecord() {
    String database = unique("ops");
    MongoCollection<Document> coll = db(database).getCollection("c");
    coll.insertOne(new Document("_id", "seed"));
    String name = unique("ops-conn");
    stack.cluster().configureConnector(name, SourceItConfigs.connector(stack, database, "c"));
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      ObjectId id = new ObjectId();
      coll.insertOne(new Document("_id", id).append("n", 1));
      coll.updateOne(Filters.eq("_id", id), Updates.set("n", 2));
      String key = id.toHexString();
      // An update's full document is looked up when the event is read: let it be read before the
      // replace, as MongoDB would otherwise rightly return the replaced document.
      tail.awaitUntil(
          r -> r.stream().anyMatch(x -> key.equals(x.key()) && "update".equals(x.operation())));
      coll.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("m", 3));
      coll.deleteOne(Filters.eq("_id", id));
      List<Rec> seen =
          tail.awaitUntil(
              r -> r.stream().anyMatch(x -> key.equals(x.key()) && "delete".equals(x.operation())));
      List<Rec> forKey = seen.stream().filter(r -> key.equals(r.key())).toList();
      assertThat(forKey)
          .extracting(Rec::operation)
          .containsExactly("insert", "update", "replace", "delete");
      assertThat(forKey.get(0).value().get("n").asInt()).isEqualTo(1);
      assertThat(forKey.get(1).value().get("n").asInt()).isEqualTo(2);
      assertThat(forKey.get(2).value().has("n")).isFalse();
      assertThat(forKey.get(2).value().get("m").asInt()).isEqualTo(3);
      assertThat(forKey.get(3).value()).isNull();
      assertThat(forKey).extracting(Rec::version).isSorted();
      assertThat(forKey.get(0).partition()).isEqualTo(forKey.get(3).partition());
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void dropOfACollectionEndsItsStreamAndFollowsTheRecreatedOne() {
    String database = unique("drop");
    MongoCollection<Document> coll = db(database).getCollection("c");
    coll.insertOne(new Document("_id", 1));
    String name = unique("drop-conn");
    stack.cluster().configureConnector(name, SourceItConfigs.connector(stack, database, "c"));
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      coll.insertOne(new Document("_id", 2));
      tail.awaitUntil(r -> keys(r).contains("2"));
      coll.drop();
      coll.insertOne(new Document("_id", 3));
      List<Rec> seen = tail.awaitUntil(r -> keys(r).contains("3"));
      assertThat(
              seen.stream().filter(r -> "3".equals(r.key())).findFirst().orElseThrow().operation())
          .isEqualTo("insert");
      assertThat(stack.cluster().connectorStatus(name).tasks().get(0).state()).isEqualTo("RUNNING");
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void resumesFromTheStoredTokenAfterAStop() throws Exception {
    String database = unique("resume");
    MongoCollection<Document> coll = db(database).getCollection("c");
    coll.insertOne(new Document("_id", 0));
    String name = unique("resume-conn");
    stack.cluster().configureConnector(name, SourceItConfigs.connector(stack, database, "c"));
    String topic = "mongodb." + database + ".c";
    try (TopicTail tail = new TopicTail(stack.kafka(), topic, false)) {
      tail.awaitUntil(r -> r.stream().anyMatch(x -> "snapshot_end".equals(x.control())));
      for (int i = 1; i <= 20; i++) {
        coll.insertOne(new Document("_id", i));
      }
      tail.awaitUntil(r -> keys(r).size() == 21);
      stack.cluster().stopConnector(name);
      stack.cluster().assertions().assertConnectorIsStopped(name, "connector did not stop");
      for (int i = 21; i <= 40; i++) {
        coll.insertOne(new Document("_id", i));
      }
      stack.cluster().resumeConnector(name);
      List<Rec> seen = tail.awaitUntil(r -> keys(r).size() == 41);
      // Resumed from the token: no second snapshot, and the events before the stop are not
      // replayed from the start (at-least-once allows repeating the last uncommitted batch).
      assertThat(seen.stream().filter(r -> "snapshot_start".equals(r.control()))).hasSize(1);
      long inserts1to20 =
          seen.stream()
              .filter(r -> "insert".equals(r.operation()))
              .filter(r -> Integer.parseInt(r.key()) <= 20)
              .count();
      assertThat(inserts1to20).isBetween(20L, 39L);
    } finally {
      stack.cluster().deleteConnector(name);
    }
  }

  @Test
  void plainJsonConverterFromThePluginWritesWhatJsonConverterWrites() {
    String database = unique("plain");
    MongoCollection<Document> coll = db(database).getCollection("c");
    for (int i = 0; i < 30; i++) {
      coll.insertOne(
          new Document("_id", i)
              .append("text", "é \" \n 😀 " + i)
              .append("nested", new Document("n", (long) i).append("d", i + 0.5))
              .append("when", new Date(i * 1000L))
              .append("list", List.of(1, "two", new ObjectId(new Date(0), i))));
    }
    String jsonName = unique("json-conn");
    String plainName = unique("plain-conn");
    Map<String, String> json = SourceItConfigs.connector(stack, database, "c");
    json.put("topic.prefix", "json");
    Map<String, String> plain = SourceItConfigs.connector(stack, database, "c");
    plain.put("topic.prefix", "plain");
    for (String side : List.of("key", "value")) {
      plain.put(side + ".converter", "io.mongoelastic.source.record.PlainJsonConverter");
      plain.put(side + ".converter.schemas.enable", "false");
    }
    stack.cluster().configureConnector(jsonName, json);
    stack.cluster().configureConnector(plainName, plain);
    try (TopicTail viaJson = new TopicTail(stack.kafka(), "json." + database + ".c", false);
        TopicTail viaPlain = new TopicTail(stack.kafka(), "plain." + database + ".c", false)) {
      List<Rec> expected = viaJson.awaitUntil(r -> keys(r).size() == 30);
      List<Rec> actual = viaPlain.awaitUntil(r -> keys(r).size() == 30);
      Map<String, Object> expectedByKey = new java.util.HashMap<>();
      expected.stream().filter(Rec::isData).forEach(r -> expectedByKey.put(r.key(), r.value()));
      Map<String, Object> actualByKey = new java.util.HashMap<>();
      actual.stream().filter(Rec::isData).forEach(r -> actualByKey.put(r.key(), r.value()));
      assertThat(actualByKey).isEqualTo(expectedByKey);
      assertThat(actualByKey.get("7").toString()).contains("😀 7");
    } finally {
      stack.cluster().deleteConnector(jsonName);
      stack.cluster().deleteConnector(plainName);
    }
  }
}
