package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Collation;
import com.mongodb.client.model.CollationStrength;
import com.mongodb.client.model.CreateCollectionOptions;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A collection's default collation as {@code listCollections} reports it (manual pages
 * "db.createCollection()", option {@code collation}, and "Collation"): in {@code options.collation}
 * with every field filled in, and on the {@code _id} index; {@code locale: "simple"} is no
 * collation; a renamed collection keeps it, one re-created without it has none.
 */
class DefaultCollationTest extends ConformanceTest {
  private static BsonDocument entry(MongoDatabase db, String name) {
    BsonDocument entry =
        db.listCollections(BsonDocument.class).filter(new Document("name", name)).first();
    assertThat(entry).as("listCollections entry for %s", name).isNotNull();
    return entry;
  }

  private static void createWithCollation(MongoDatabase db, String name, Collation collation) {
    db.createCollection(name, new CreateCollectionOptions().collation(collation));
  }

  private static Collation english() {
    return Collation.builder().locale("en").collationStrength(CollationStrength.SECONDARY).build();
  }

  @Test
  void aCollectionCreatedWithACollationListsItWithEveryFieldFilledIn() {
    MongoDatabase db = target.freshDatabase();
    createWithCollation(db, "c", english());

    BsonDocument entry = entry(db, "c");
    BsonDocument collation = entry.getDocument("options").getDocument("collation");

    assertThat(collation.getString("locale").getValue()).isEqualTo("en");
    assertThat(collation.getInt32("strength").getValue()).isEqualTo(2);
    assertThat(collation.keySet())
        .contains(
            "caseLevel",
            "caseFirst",
            "numericOrdering",
            "alternate",
            "maxVariable",
            "normalization",
            "backwards",
            "version");
    assertThat(entry.getDocument("idIndex").getDocument("collation")).isEqualTo(collation);
  }

  @Test
  void theSimpleLocaleIsNoCollation() {
    MongoDatabase db = target.freshDatabase();
    createWithCollation(db, "binary", Collation.builder().locale("simple").build());
    db.getCollection("plain").insertOne(new Document("_id", 1));

    assertThat(entry(db, "binary").getDocument("options").containsKey("collation")).isFalse();
    assertThat(entry(db, "plain").getDocument("options").containsKey("collation")).isFalse();
  }

  @Test
  void aRenamedCollectionKeepsItsCollationAndOneRecreatedWithoutItHasNone() {
    MongoDatabase db = target.freshDatabase();
    createWithCollation(db, "before", english());

    db.getCollection("before").renameCollection(new MongoNamespace(db.getName(), "after"));
    db.getCollection("before").insertOne(new Document("_id", 1));

    assertThat(entry(db, "after").getDocument("options").getDocument("collation"))
        .containsEntry("locale", new BsonString("en"));
    assertThat(entry(db, "before").getDocument("options").containsKey("collation")).isFalse();

    db.getCollection("after").drop();
    db.getCollection("after").insertOne(new Document("_id", 1));
    assertThat(entry(db, "after").getDocument("options").containsKey("collation")).isFalse();
  }
}
