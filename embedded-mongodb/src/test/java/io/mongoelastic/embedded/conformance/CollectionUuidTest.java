package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Collection UUIDs as {@code listCollections} reports them ({@code info.uuid}, a binary of subtype
 * 4; manual page "listCollections", output field {@code info.uuid}): a collection keeps its UUID
 * when renamed and a collection dropped and created again under the same name gets a new one.
 * Change events carry it as {@code collectionUUID} only when the stream is opened with {@code
 * showExpandedEvents} (manual page "Change Events", field {@code collectionUUID}, 6.0+).
 */
class CollectionUuidTest extends ConformanceTest {
  private static BsonDocument info(MongoDatabase db, String name) {
    BsonDocument entry =
        db.listCollections(BsonDocument.class).filter(new Document("name", name)).first();
    assertThat(entry).as("listCollections entry for %s", name).isNotNull();
    return entry.getDocument("info");
  }

  private static BsonBinary uuid(MongoDatabase db, String name) {
    BsonBinary uuid = info(db, name).getBinary("uuid");
    assertThat(uuid.getType()).isEqualTo(BsonBinarySubType.UUID_STANDARD.getValue());
    return uuid;
  }

  @Test
  void renamedCollectionKeepsItsUuid() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("before").insertOne(new Document("_id", 1));
    db.getCollection("other").insertOne(new Document("_id", 1));
    BsonBinary before = uuid(db, "before");
    assertThat(uuid(db, "other")).isNotEqualTo(before);

    db.getCollection("before").renameCollection(new MongoNamespace(db.getName(), "after"));

    assertThat(uuid(db, "after")).isEqualTo(before);
  }

  @Test
  void droppedAndRecreatedCollectionGetsANewUuid() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items").insertOne(new Document("_id", 1));
    BsonBinary first = uuid(db, "items");

    db.getCollection("items").drop();
    db.getCollection("items").insertOne(new Document("_id", 1));

    assertThat(uuid(db, "items")).isNotEqualTo(first);
  }

  @Test
  void viewsHaveNoUuidAndAreReadOnly() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items").insertOne(new Document("_id", 1));
    db.createView("all", "items", List.of());

    BsonDocument info = info(db, "all");
    assertThat(info.containsKey("uuid")).isFalse();
    assertThat(info.getBoolean("readOnly").getValue()).isTrue();
  }

  @Test
  void changeEventsCarryTheCollectionUuidOnlyWithShowExpandedEvents() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items").insertOne(new Document("_id", 0));
    BsonBinary uuid = uuid(db, "items");
    try (var expanded = openRaw(db.getCollection("items").watch().showExpandedEvents(true));
        var plain = openRaw(db.getCollection("items").watch())) {
      db.getCollection("items").insertOne(new Document("_id", 1));

      assertThat(take(expanded, 1).get(0).getBinary("collectionUUID")).isEqualTo(uuid);
      assertThat(take(plain, 1).get(0).containsKey("collectionUUID")).isFalse();
    }
  }
}
