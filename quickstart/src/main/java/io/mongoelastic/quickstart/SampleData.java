package io.mongoelastic.quickstart;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.math.BigDecimal;
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

  /** Skus of documents the changes command inserts start here; the sample's are below. */
  static final int NEW_SKUS = 1_000_000;

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

  /**
   * One round of changes: two inserts, an update, a replace and a delete, so the collection (and
   * the index's {@code _count}) grows by one per round. Returns what was done, by sku.
   */
  static String writeChanges(MongoClient client, int round) {
    MongoCollection<Document> products = collection(client);
    Random random = new Random(round);
    int firstSku = NEW_SKUS + 2 * round - 1;
    products.insertMany(List.of(product(firstSku, random), product(firstSku + 1, random)));
    // Spread over the sample: each round touches other documents.
    Document updated = products.find(Filters.lt("sku", NEW_SKUS)).skip(round * 7 % 500).first();
    Document replaced =
        products.find(Filters.lt("sku", NEW_SKUS)).skip(round * 11 % 500 + 1).first();
    Document deleted =
        products.find(Filters.lt("sku", NEW_SKUS)).skip(round * 13 % 500 + 2).first();
    StringBuilder done = new StringBuilder("inserted sku " + firstSku + " and " + (firstSku + 1));
    if (updated != null) {
      int stock = random.nextInt(500);
      products.updateOne(
          Filters.eq("_id", updated.get("_id")),
          Updates.combine(Updates.set("stock", stock), Updates.set("updatedAt", new Date())));
      done.append(", updated sku ").append(updated.get("sku")).append(" (stock ").append(stock);
      done.append(")");
    }
    if (replaced != null
        && !replaced.get("_id").equals(updated == null ? null : updated.get("_id"))) {
      Document replacement = product(replaced.getInteger("sku"), random);
      replacement.put("name", replacement.getString("name") + " (replaced in round " + round + ")");
      products.replaceOne(Filters.eq("_id", replaced.get("_id")), replacement);
      done.append(", replaced sku ").append(replaced.get("sku"));
    }
    if (deleted != null) {
      products.deleteOne(Filters.eq("_id", deleted.get("_id")));
      done.append(", deleted sku ").append(deleted.get("sku"));
    }
    return done.toString();
  }

  /** The round after the last one an earlier changes command wrote, so skus do not repeat. */
  static int nextRound(MongoClient client) {
    Document newest =
        collection(client).find(Filters.gte("sku", NEW_SKUS)).sort(new Document("sku", -1)).first();
    return newest == null ? 1 : (newest.getInteger("sku") - NEW_SKUS + 1) / 2 + 1;
  }

  static MongoCollection<Document> collection(MongoClient client) {
    return client.getDatabase(DATABASE).getCollection(COLLECTION);
  }

  private static Document product(int sku, Random random) {
    String name = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
    return new Document("sku", sku)
        .append("name", name)
        .append("category", CATEGORIES[random.nextInt(CATEGORIES.length)])
        .append("price", new Decimal128(BigDecimal.valueOf(random.nextInt(10_000), 2)))
        .append("stock", random.nextInt(500))
        .append("tags", List.of(WORDS[random.nextInt(WORDS.length)], "sample"))
        .append(
            "dimensions", new Document("w", random.nextInt(100)).append("h", random.nextInt(100)))
        .append("createdAt", new Date(1_700_000_000_000L + sku * 60_000L));
  }
}
