package io.mongoelastic.source;

import com.mongodb.client.MongoDatabase;
import io.mongoelastic.source.snapshot.ListedCollection;
import java.util.Map;
import java.util.TreeMap;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * What {@code listCollections} reports about a database, split into what a change stream can follow
 * and what it cannot. Two filtered listings: {@code type: "collection"} (the only kind a change
 * stream follows: the server refuses to watch a view, and time-series collections do not support
 * change streams) and everything else, by type, so the resolver can say why a name is left out.
 * Neither is {@code nameOnly}: the collections' UUIDs ({@code info.uuid}) are needed, and the
 * driver's listing that reports a type has no {@code nameOnly} option.
 *
 * @param collections the ordinary collections, by name
 * @param others views, time-series collections and any future kind, by name, with their {@code
 *     type}
 */
record CollectionListing(Map<String, CollectionInfo> collections, Map<String, String> others) {
  static final String TYPE_COLLECTION = "collection";
  static final String TYPE_TIMESERIES = "timeseries";
  static final String TYPE_VIEW = "view";

  /** One ordinary collection: its name and its UUID ({@code info.uuid}; null before 3.6). */
  record CollectionInfo(String name, String uuid) {}

  static CollectionListing read(MongoDatabase database) {
    Map<String, CollectionInfo> collections = new TreeMap<>();
    for (BsonDocument listed :
        database
            .listCollections(BsonDocument.class)
            .filter(new BsonDocument("type", new BsonString(TYPE_COLLECTION)))) {
      if (typeOf(listed).equals(TYPE_COLLECTION)) {
        String name = listed.getString("name").getValue();
        collections.put(name, new CollectionInfo(name, uuidOf(listed)));
      }
    }
    Map<String, String> others = new TreeMap<>();
    for (BsonDocument listed :
        database
            .listCollections(BsonDocument.class)
            .filter(
                new BsonDocument(
                    "type", new BsonDocument("$ne", new BsonString(TYPE_COLLECTION))))) {
      if (!typeOf(listed).equals(TYPE_COLLECTION)) {
        others.put(listed.getString("name").getValue(), typeOf(listed));
      }
    }
    return new CollectionListing(collections, others);
  }

  // The filters do the work; the type is checked again so a listing is never misread.
  private static String typeOf(BsonDocument listed) {
    return listed.getString("type", new BsonString(TYPE_COLLECTION)).getValue();
  }

  /** The UUID of {@code info.uuid} as text, or null when the server reports none. */
  static String uuidOf(BsonDocument listed) {
    return ListedCollection.uuidOf(listed);
  }
}
