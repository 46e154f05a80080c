package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Fills a collection with the generated documents, in batches. */
public final class MongoLoader {
  private static final int BATCH = 1_000;

  private MongoLoader() {}

  /** Inserts documents 0..docs-1 unless the collection already holds exactly that many. */
  public static void load(MongoClient client, String database, String collection, int docs) {
    MongoCollection<Document> target = client.getDatabase(database).getCollection(collection);
    if (target.countDocuments() == docs) {
      return;
    }
    target.drop();
    List<Document> batch = new ArrayList<>(BATCH);
    for (int n = 0; n < docs; n++) {
      batch.add(DocumentGenerator.bson(n));
      if (batch.size() == BATCH) {
        target.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      target.insertMany(batch);
    }
  }
}
