package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.RenameCollectionOptions;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Renames onto an existing collection and {@code $out}, as the server's own change-stream test of
 * metadata notifications (jstests/change_streams/metadata_notifications.js) and the manual's
 * "renameCollection" and "$out" pages describe them: {@code dropTarget} replaces the target with
 * one {@code rename} event and no {@code drop}; a stream on the target sees that {@code rename} and
 * is invalidated; {@code $out} writes a temporary collection and renames it over the target.
 */
class RenameAndOutEventsTest extends ConformanceTest {
  private static MongoDatabase withSourceAndTarget() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("source").insertOne(new Document("_id", 1).append("from", "source"));
    db.getCollection("target").insertOne(new Document("_id", 2).append("from", "target"));
    return db;
  }

  private static void renameOverTarget(MongoDatabase db) {
    db.getCollection("source")
        .renameCollection(
            new MongoNamespace(db.getName(), "target"),
            new RenameCollectionOptions().dropTarget(true));
  }

  @Test
  void renameWithDropTargetEmitsOneRenameAndNoDrop() {
    MongoDatabase db = withSourceAndTarget();
    try (var cursor = open(db.watch())) {
      renameOverTarget(db);
      db.getCollection("target").insertOne(new Document("_id", 3));

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.RENAME, OperationType.INSERT);
      assertThat(events.get(0).getNamespace().getCollectionName()).isEqualTo("source");
      assertThat(events.get(0).getDestinationNamespace().getCollectionName()).isEqualTo("target");
    }
    assertThat(db.getCollection("target").find().map(d -> d.get("_id")).into(new ArrayList<>()))
        .containsExactlyInAnyOrder(1, 3);
  }

  @Test
  void streamOnTheReplacedTargetSeesTheRenameThenIsInvalidated() {
    MongoDatabase db = withSourceAndTarget();
    try (var cursor = open(db.getCollection("target").watch())) {
      renameOverTarget(db);

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.RENAME, OperationType.INVALIDATE);
      assertThat(events.get(0).getNamespace().getCollectionName()).isEqualTo("source");
      assertThat(events.get(0).getDestinationNamespace().getCollectionName()).isEqualTo("target");
    }
  }

  @Test
  void renameOntoAnExistingCollectionWithoutDropTargetFails() {
    MongoDatabase db = withSourceAndTarget();

    assertThatThrownBy(
            () ->
                db.getCollection("source")
                    .renameCollection(new MongoNamespace(db.getName(), "target")))
        .isInstanceOf(MongoException.class)
        .satisfies(e -> assertThat(((MongoException) e).getCode()).isEqualTo(48));
  }

  @Test
  void outOntoAWatchedCollectionRenamesATemporaryCollectionOverIt() {
    MongoDatabase db = withSourceAndTarget();
    BsonDocument uuidBefore = collectionInfo(db, "target");
    try (var cursor = open(db.getCollection("target").watch())) {
      db.getCollection("source").aggregate(List.of(new Document("$out", "target"))).toCollection();

      List<ChangeStreamDocument<Document>> events = take(cursor, 2);
      assertThat(events)
          .extracting(ChangeStreamDocument::getOperationType)
          .containsExactly(OperationType.RENAME, OperationType.INVALIDATE);
      assertThat(events.get(0).getDestinationNamespace())
          .isEqualTo(new MongoNamespace(db.getName(), "target"));
      assertThat(events.get(0).getNamespace().getCollectionName()).isNotEqualTo("target");
    }
    assertThat(db.getCollection("target").find().into(new ArrayList<>()))
        .containsExactly(new Document("_id", 1).append("from", "source"));
    assertThat(collectionInfo(db, "target").get("uuid")).isNotEqualTo(uuidBefore.get("uuid"));
    assertThat(db.listCollectionNames().into(new ArrayList<>()))
        .containsExactlyInAnyOrder("source", "target");
  }

  @Test
  void droppingARenamedCollectionWorksAfterIndexesChangedOnANewOneOfItsOldName() {
    MongoDatabase db = target.freshDatabase();
    MongoCollection<Document> c0 = db.getCollection("c0");
    c0.insertOne(new Document("_id", 1).append("x", 1));
    c0.createIndex(Indexes.ascending("x"));
    c0.renameCollection(new MongoNamespace(db.getName(), "c1"));
    c0.insertOne(new Document("_id", 2).append("x", 2));
    c0.createIndex(Indexes.ascending("x"));
    c0.dropIndex("x_1");

    db.getCollection("c1").drop();

    assertThat(db.listCollectionNames().into(new ArrayList<>())).containsExactly("c0");
    assertThat(c0.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>()))
        .containsExactly("_id_");
  }

  private static BsonDocument collectionInfo(MongoDatabase db, String name) {
    return db.listCollections(BsonDocument.class)
        .filter(new Document("name", name))
        .first()
        .getDocument("info");
  }
}
