package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * A collection's default collation, as {@code listCollections} reports it ({@code
 * options.collation}). Queries on the collection (the snapshot's {@code find} filters and sort on
 * {@code _id}, and its {@code _id} index) compare strings by it, while a change stream opened
 * without a collation compares them binary (MongoDB 4.2+), and so do split points sorted here.
 */
final class CollectionCollation {
  private CollectionCollation() {}

  /**
   * The locale of {@code collection}'s default collation, or null when it compares binary: no
   * collation, {@code locale: "simple"}, or no such collection.
   */
  static String nonSimpleLocale(MongoDatabase database, String collection) {
    BsonDocument listed =
        database.listCollections(BsonDocument.class).filter(Filters.eq("name", collection)).first();
    if (listed == null) {
      return null;
    }
    BsonDocument collation =
        listed.getDocument("options", new BsonDocument()).getDocument("collation", null);
    if (collation == null) {
      return null;
    }
    String locale = collation.getString("locale", new BsonString("simple")).getValue();
    return locale.equals("simple") ? null : locale;
  }
}
