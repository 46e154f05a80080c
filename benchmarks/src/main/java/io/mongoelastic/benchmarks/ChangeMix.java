package io.mongoelastic.benchmarks;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.Document;

/**
 * The changes one freshness writer makes: 50 % inserts of new documents, 35 % updates and 15 %
 * deletes of its own documents that have no change pending. A writer owns the documents whose
 * number modulo the number of writers is its own, so no document has two changes in flight; a
 * document is handed out again once {@link #free}d (written, or its tracked change seen).
 */
final class ChangeMix {
  enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }

  /** A change chosen for the next bulk write; {@code rev} is what the document will carry. */
  record Change(String id, Kind kind, int rev, WriteModel<Document> write) {}

  private final SplittableRandom random;
  private final int writers;
  private final List<String> available = new ArrayList<>();
  private final Map<String, Integer> revs = new HashMap<>();
  private long nextNew;

  ChangeMix(int writer, int writers, int initialDocs) {
    this.random = new SplittableRandom(42 + writer);
    this.writers = writers;
    for (int n = writer; n < initialDocs; n += writers) {
      available.add(DocumentGenerator.id(n));
      revs.put(DocumentGenerator.id(n), 0);
    }
    this.nextNew = initialDocs + writer;
  }

  /** The next change; an update or delete takes its document out of the available ones. */
  Change next() {
    double dice = random.nextDouble();
    if (dice < 0.5 || available.isEmpty()) {
      String id = DocumentGenerator.id(nextNew);
      Change insert =
          new Change(id, Kind.INSERT, 0, new InsertOneModel<>(DocumentGenerator.bson(nextNew)));
      nextNew += writers;
      revs.put(id, 0);
      return insert;
    }
    int slot = random.nextInt(available.size());
    String id = available.get(slot);
    available.set(slot, available.get(available.size() - 1));
    available.remove(available.size() - 1);
    if (dice < 0.85) {
      int rev = revs.merge(id, 1, Integer::sum);
      return new Change(
          id,
          Kind.UPDATE,
          rev,
          new UpdateOneModel<>(Filters.eq("_id", id), Updates.set("rev", rev)));
    }
    revs.remove(id);
    return new Change(id, Kind.DELETE, -1, new DeleteOneModel<>(Filters.eq("_id", id)));
  }

  /** Makes a document available for another change. */
  void free(String id) {
    available.add(id);
  }
}
