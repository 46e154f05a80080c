package io.mongoelastic.quickstart;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.types.Decimal128;

/** A deterministic sample catalogue, and the stream of changes the second command writes. */
final class SampleData {
  static final String DATABASE = "shop";
  static final String COLLECTION = "products";
  private static final String[] CATEGORIES = {"books", "garden", "kitchen", "music", "toys"};
  private static final String[] WORDS = {
    "amber", "brisk", "cedar", "dune", "ember", "fjord", "grove", "harbor", "iris", "jade"
  };

  private SampleData() {}

  /** Loads {@code count} products unless the collection already holds documents. */
  static long load(MongoClient client, int count) {
    MongoCollection<Document> products = collection(client);
    long existing = products.estimatedDocumentCount();
    if (existing > 0) {
      return existing;
    }
    Random random = new Random(42);
    List<Document> batch = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      batch.add(product(i, random));
      if (batch.size() == 1000) {
        products.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      products.insertMany(batch);
    }
    return count;
  }

  /** One round of changes: an insert, an update, a replace and a delete. */
  static String writeChanges(MongoClient client, int round) {
    MongoCollection<Document> products = collection(client);
    Random random = new Random(round);
    int newSku = 1_000_000 + round;
    products.insertOne(product(newSku, random));
    Document victim = products.find(Filters.lt("sku", 1_000_000)).skip(round % 50).first();
    Document updated = products.find(Filters.gt("sku", 100)).skip(round % 70).first();
    if (updated != null) {
      products.updateOne(
          Filters.eq("_id", updated.get("_id")),
          Updates.combine(Updates.inc("stock", -1), Updates.set("updatedAt", new Date())));
    }
    if (victim != null) {
      products.deleteOne(Filters.eq("_id", victim.get("_id")));
    }
    return "inserted sku "
        + newSku
        + (updated != null ? ", updated sku " + updated.get("sku") : "")
        + (victim != null ? ", deleted sku " + victim.get("sku") : "");
  }

  static MongoCollection<Document> collection(MongoClient client) {
    return client.getDatabase(DATABASE).getCollection(COLLECTION);
  }

  private static Document product(int sku, Random random) {
    String name = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
    return new Document("sku", sku)
        .append("name", name)
        .append("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
        .append("price", new Decimal128(java.math.BigDecimal.valueOf(random.nextInt(10_000), 2)))
        .append("stock", random.nextInt(500))
        .append("tags", List.of(WORDS[random.nextInt(WORDS.length)], "sample"))
        .append(
            "dimensions", new Document("w", random.nextInt(100)).append("h", random.nextInt(100)))
        .append("createdAt", new Date(1_700_000_000_000L + sku * 60_000L));
  }
}
