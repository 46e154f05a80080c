package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * What {@code listCollections} reports about one collection that planning a snapshot needs.
 *
 * @param uuid the collection's UUID ({@code info.uuid}), or null when it does not exist or the
 *     server reports none
 * @param collationLocale the locale of its default collation ({@code options.collation}), or null
 *     when it compares strings binary (no collation, or {@code locale: "simple"}). Queries on the
 *     collection (the snapshot's {@code find} filters and sort on {@code _id}, and its {@code _id}
 *     index) compare strings by that collation, while a change stream opened without a collation
 *     compares them binary (MongoDB 4.2+), and so do split points sorted by the connector.
 */
public record ListedCollection(String uuid, String collationLocale) {
  static final ListedCollection MISSING = new ListedCollection(null, null);

  /** One {@code listCollections} filtered by name. */
  static ListedCollection read(MongoDatabase database, String collection) {
    BsonDocument listed =
        database.listCollections(BsonDocument.class).filter(Filters.eq("name", collection)).first();
    if (listed == null) {
      return MISSING;
    }
    BsonDocument collation =
        listed.getDocument("options", new BsonDocument()).getDocument("collation", null);
    String locale =
        collation == null
            ? null
            : collation.getString("locale", new BsonString("simple")).getValue();
    return new ListedCollection(uuidOf(listed), "simple".equals(locale) ? null : locale);
  }

  /** The UUID of a listing entry's {@code info.uuid} as text, or null when it has none. */
  public static String uuidOf(BsonDocument listed) {
    BsonDocument info = listed.getDocument("info", new BsonDocument());
    BsonValue uuid = info.get("uuid");
    if (uuid == null || !uuid.isBinary()) {
      return null;
    }
    return uuid.asBinary().asUuid().toString();
  }
}
