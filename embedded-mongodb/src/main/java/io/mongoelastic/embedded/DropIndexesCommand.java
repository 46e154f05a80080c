package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dropIndexes} limited to the named collection. mongo-java-server removes index entries by
 * name (or, for {@code "*"}, all of them) across every collection of the database, which leaves
 * another collection with an index its catalog no longer lists (and that collection then fails to
 * drop). Here names are resolved to the collection's own key patterns, which mongo-java-server
 * drops per namespace.
 */
final class DropIndexesCommand {
  private DropIndexesCommand() {}

  /**
   * @param backend runs {@code listIndexes} and {@code dropIndexes} by key pattern
   * @throws CommandException 27 IndexNotFound for an unknown name, 72 for the {@code _id} index
   */
  @SuppressWarnings("unchecked")
  static Document run(String db, Document query, CommandRunner backend) {
    String coll = query.get("dropIndexes").toString();
    Document listed = backend.run(db, "listIndexes", new Document("listIndexes", coll));
    List<Document> indexes = (List<Document>) ((Document) listed.get("cursor")).get("firstBatch");
    List<Object> keys = new ArrayList<>();
    Object index = query.get("index");
    if ("*".equals(index)) {
      for (Document existing : indexes) {
        if (!"_id_".equals(existing.get("name"))) {
          keys.add(existing.get("key"));
        }
      }
    } else if (index instanceof String name) {
      keys.add(keyOf(indexes, name));
    } else if (index instanceof List<?> names) {
      for (Object name : names) {
        keys.add(keyOf(indexes, name.toString()));
      }
    } else {
      keys.add(index);
    }
    for (Object key : keys) {
      Document reply =
          backend.run(db, "dropIndexes", new Document("dropIndexes", coll).append("index", key));
      if (((Number) reply.get("ok")).doubleValue() != 1.0) {
        return reply;
      }
    }
    return new Document("nIndexesWas", indexes.size()).append("ok", 1.0);
  }

  private static Object keyOf(List<Document> indexes, String name) {
    if (name.equals("_id_")) {
      throw new CommandException(72, "InvalidOptions", "cannot drop _id index");
    }
    for (Document existing : indexes) {
      if (name.equals(existing.get("name"))) {
        return existing.get("key");
      }
    }
    throw new CommandException(27, "IndexNotFound", "index not found with name [" + name + "]");
  }
}
