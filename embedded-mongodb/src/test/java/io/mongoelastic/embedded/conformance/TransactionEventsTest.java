package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import com.mongodb.client.result.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Change events of multi-document transactions as MongoDB documents them: every write of the
 * transaction is its own event, all with the commit's {@code clusterTime}, each with {@code lsid}
 * and {@code txnNumber}, told apart and ordered by their resume tokens; resuming after one of them
 * continues with the next of the same transaction; an aborted transaction produces none.
 */
class TransactionEventsTest extends ConformanceTest {

  @Test
  void eventsOfACommittedTransactionShareTheCommitsClusterTime() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "b"));
    try (MongoCursor<BsonDocument> cursor = openRaw(items.watch())) {
      commitThree(items);
      items.insertOne(new Document("_id", "after"));

      List<BsonDocument> events = take(cursor, 4);
      List<BsonDocument> transaction = events.subList(0, 3);
      assertThat(transaction)
          .extracting(e -> e.getString("operationType").getValue())
          .containsExactly("insert", "update", "delete");
      assertThat(transaction)
          .extracting(e -> e.getTimestamp("clusterTime"))
          .containsOnly(transaction.get(0).getTimestamp("clusterTime"));
      assertThat(transaction).allSatisfy(e -> assertThat(e).containsKeys("lsid", "txnNumber"));
      assertThat(transaction)
          .extracting(e -> e.get("lsid"))
          .containsOnly(transaction.get(0).get("lsid"));
      assertThat(tokens(transaction)).doesNotHaveDuplicates().isSorted();
      BsonDocument after = events.get(3);
      assertThat(after).doesNotContainKeys("lsid", "txnNumber");
      assertThat(after.getTimestamp("clusterTime"))
          .isGreaterThan(transaction.get(0).getTimestamp("clusterTime"));
      assertThat(tokens(events.subList(2, 4))).isSorted();
    }
  }

  @Test
  void resumeAfterAMiddleEventContinuesWithTheNextOfTheTransaction() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "b"));
    BsonDocument middle;
    try (MongoCursor<BsonDocument> cursor = openRaw(items.watch())) {
      commitThree(items);
      middle = take(cursor, 3).get(1).getDocument("_id");
    }

    try (MongoCursor<BsonDocument> resumed = openRaw(items.watch().resumeAfter(middle))) {
      BsonDocument next = take(resumed, 1).get(0);
      assertThat(next.getString("operationType").getValue()).isEqualTo("delete");
      assertThat(next.getDocument("documentKey")).isEqualTo(BsonDocument.parse("{_id: 'b'}"));
      items.insertOne(new Document("_id", "after"));
      assertThat(take(resumed, 1).get(0).getDocument("documentKey"))
          .isEqualTo(BsonDocument.parse("{_id: 'after'}"));
    }
  }

  @Test
  void startAtTheCommitsOperationTimeReturnsAllItsEvents() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "b"));
    BsonTimestamp commitTime;
    try (MongoCursor<BsonDocument> cursor = openRaw(items.watch())) {
      commitThree(items);
      commitTime = take(cursor, 3).get(0).getTimestamp("clusterTime");
    }

    try (MongoCursor<BsonDocument> started =
        openRaw(items.watch().startAtOperationTime(commitTime))) {
      assertThat(take(started, 3))
          .extracting(e -> e.getString("operationType").getValue())
          .containsExactly("insert", "update", "delete");
    }
  }

  @Test
  void anAbortedTransactionRecordsNothingAndChangesNothing() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    try (MongoCursor<BsonDocument> cursor = openRaw(items.watch());
        ClientSession session = target.client().startSession()) {
      session.startTransaction();
      items.insertOne(session, new Document("_id", "aborted"));
      session.abortTransaction();
      items.insertOne(new Document("_id", "committed"));

      assertThat(take(cursor, 1).get(0).getDocument("documentKey"))
          .isEqualTo(BsonDocument.parse("{_id: 'committed'}"));
      assertThat(items.countDocuments(Filters.eq("_id", "aborted"))).isZero();
    }
  }

  @Test
  void withTransactionAppliesTheWritesAtCommit() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> items = db.getCollection("items");
    MongoCollection<Document> audit = db.getCollection("audit");
    items.insertOne(new Document("_id", 1).append("n", 0));
    try (ClientSession session = target.client().startSession()) {
      UpdateResult result =
          session.withTransaction(
              () -> {
                audit.insertOne(session, new Document("_id", "a1"));
                return items.updateOne(session, Filters.eq("_id", 1), Updates.inc("n", 1));
              });
      assertThat(result.getMatchedCount()).isEqualTo(1);
    }
    assertThat(items.find().first()).isEqualTo(new Document("_id", 1).append("n", 1));
    assertThat(audit.countDocuments()).isEqualTo(1);
  }

  @Test
  void batchesEndingInsideATransactionContinueWithItsNextEvent() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", "b"));
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        open(items.watch().batchSize(1))) {
      commitThree(items);

      List<ChangeStreamDocument<Document>> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(take(cursor, 1).get(0));
        assertThat(cursor.getResumeToken())
            .as("the post-batch token of a batch ending at an event is that event's")
            .isEqualTo(events.get(i).getResumeToken());
      }
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.INSERT, OperationType.UPDATE, OperationType.DELETE);
    }
  }

  @Test
  void anUpsertInATransactionInsertsTheDocumentItsReplyNamed() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    UpdateResult result;
    try (ClientSession session = target.client().startSession()) {
      session.startTransaction();
      result =
          items.updateOne(
              session,
              Filters.eq("sku", "x"),
              Updates.set("n", 1),
              new UpdateOptions().upsert(true));
      session.commitTransaction();
    }

    assertThat(result.getUpsertedId()).isNotNull();
    assertThat(items.find(Filters.eq("_id", result.getUpsertedId())).first())
        .isNotNull()
        .containsEntry("n", 1);
  }

  @Test
  void aConcurrentUpdateOfADocumentTheTransactionInsertsIsLoggedAfterTheCommit() throws Exception {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    int size = 500;
    try (MongoCursor<BsonDocument> cursor = openRaw(items.watch());
        ClientSession session = target.client().startSession()) {
      session.startTransaction();
      items.insertOne(session, new Document("_id", "x").append("n", 0));
      for (int i = 1; i < size; i++) {
        items.insertOne(session, new Document("_id", i));
      }
      // Until the commit the update matches nothing; the first time it matches, it must be
      // ordered after the whole transaction, as on MongoDB. A reader meanwhile sees all or none.
      AtomicLong partialCount = new AtomicLong(-1);
      ExecutorService others = Executors.newFixedThreadPool(2);
      try {
        Future<?> writer =
            others.submit(
                () -> {
                  while (items
                          .updateOne(Filters.eq("_id", "x"), Updates.set("n", 1))
                          .getMatchedCount()
                      == 0) {
                    long count = items.countDocuments();
                    if (count != 0 && count != size) {
                      partialCount.set(count);
                    }
                  }
                });
        session.commitTransaction();
        writer.get();
      } finally {
        others.shutdownNow();
      }

      List<BsonDocument> events = take(cursor, size + 1);
      assertThat(events.get(0).getString("operationType").getValue())
          .as("the transaction's first event comes before the concurrent update")
          .isEqualTo("insert");
      assertThat(events.get(size).getString("operationType").getValue()).isEqualTo("update");
      assertThat(events.get(size).getDocument("documentKey"))
          .isEqualTo(BsonDocument.parse("{_id: 'x'}"));
      assertThat(partialCount.get()).as("a read saw part of the transaction").isEqualTo(-1);
    }
  }

  /** Insert a, update a, delete b (inserted before by the caller) — in one transaction. */
  private static void commitThree(MongoCollection<Document> items) {
    try (ClientSession session = target.client().startSession()) {
      session.startTransaction();
      items.insertOne(session, new Document("_id", "a").append("n", 1));
      items.updateOne(session, Filters.eq("_id", "a"), Updates.set("n", 2));
      items.deleteOne(session, Filters.eq("_id", "b"));
      session.commitTransaction();
    }
  }

  private static List<String> tokens(List<BsonDocument> events) {
    return events.stream().map(e -> e.getDocument("_id").getString("_data").getValue()).toList();
  }
}
