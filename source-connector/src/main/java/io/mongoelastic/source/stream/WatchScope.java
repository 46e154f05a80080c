package io.mongoelastic.source.stream;

import com.mongodb.MongoNamespace;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.bson.BsonDocument;

/**
 * What a change stream watches: one collection, or a whole database (whose pipeline then selects
 * the collections it wants by {@code ns.coll}).
 */
public interface WatchScope {
  /** The stream over this scope with {@code pipeline} after {@code $changeStream}. */
  ChangeStreamIterable<BsonDocument> watch(List<BsonDocument> pipeline);

  /** The collection an event of this scope belongs to (for reads by {@code _id}). */
  MongoCollection<BsonDocument> collectionOf(MongoNamespace eventNamespace);

  /** The namespace for logs and errors: {@code db.coll} or {@code db}. */
  String name();

  static WatchScope of(MongoCollection<BsonDocument> collection) {
    return new WatchScope() {
      @Override
      public ChangeStreamIterable<BsonDocument> watch(List<BsonDocument> pipeline) {
        return collection.watch(pipeline, BsonDocument.class);
      }

      @Override
      public MongoCollection<BsonDocument> collectionOf(MongoNamespace eventNamespace) {
        return collection;
      }

      @Override
      public String name() {
        return collection.getNamespace().getFullName();
      }
    };
  }

  static WatchScope of(MongoDatabase database) {
    return new WatchScope() {
      @Override
      public ChangeStreamIterable<BsonDocument> watch(List<BsonDocument> pipeline) {
        return database.watch(pipeline, BsonDocument.class);
      }

      @Override
      public MongoCollection<BsonDocument> collectionOf(MongoNamespace eventNamespace) {
        return database.getCollection(eventNamespace.getCollectionName(), BsonDocument.class);
      }

      @Override
      public String name() {
        return database.getName();
      }
    };
  }
}
