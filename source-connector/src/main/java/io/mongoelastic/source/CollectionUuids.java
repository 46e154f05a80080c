package io.mongoelastic.source;

import com.mongodb.client.MongoDatabase;
import java.util.HashMap;
import java.util.Map;
import org.bson.BsonDocument;

/**
 * The UUIDs of a database's collections for the identity checks ({@link CollectionIdentity}) of the
 * collections one task owns: one {@code listCollections} answers every check due when it was taken,
 * instead of one call per collection (a task streaming 1,000 collections would otherwise make 1,000
 * calls in the same turn every interval, and hold its stream back meanwhile).
 */
final class CollectionUuids {
  private final MongoDatabase database;
  private Map<String, String> uuids = Map.of();
  private long listedAt = Long.MIN_VALUE;

  CollectionUuids(MongoDatabase database) {
    this.database = database;
  }

  /**
   * The UUID of {@code collection} (null when it does not exist or the server reports none), from a
   * listing taken at or after {@code notBefore} (epoch ms): the last one when it is recent enough,
   * else a new one.
   */
  String uuidOf(String collection, long notBefore) {
    if (listedAt < notBefore) {
      // The time before the call: the listing reflects every change up to at least this moment.
      long now = System.currentTimeMillis();
      Map<String, String> fresh = new HashMap<>();
      for (BsonDocument listed : database.listCollections(BsonDocument.class)) {
        fresh.put(listed.getString("name").getValue(), CollectionListing.uuidOf(listed));
      }
      uuids = fresh;
      listedAt = now;
    }
    return uuids.get(collection);
  }

  /** When the listing {@link #uuidOf} last answered from was taken (epoch ms). */
  long listedAt() {
    return listedAt;
  }
}
