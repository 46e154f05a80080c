package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The entries of {@code listCollections} as MongoDB 7.0 reports them: {@code type} {@code
 * collection}, {@code view} or {@code timeseries}; {@code options} ({@code viewOn} and {@code
 * pipeline} of a view, {@code timeseries} of a time-series collection, {@code collation} of a
 * collection created with a default collation, which its {@code idIndex} has too); {@code info}
 * with {@code readOnly} and, for collections, their {@code uuid} (BSON binary subtype 4). A
 * time-series collection is listed with its bucket collection {@code system.buckets.<name>}, and a
 * database with views with {@code system.views}. The {@code filter} and {@code nameOnly} options
 * apply.
 */
final class CollectionListing {
  private final CollectionCatalog catalog;

  CollectionListing(CollectionCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The {@code listCollections} reply, all entries in the first batch.
   *
   * @param databaseExists whether mongo-java-server has the database (asking would create it)
   * @param backend runs mongo-java-server's own {@code listCollections} for the stored names
   */
  @SuppressWarnings("unchecked")
  Document reply(String db, Document query, boolean databaseExists, CommandRunner backend) {
    List<String> names = new ArrayList<>();
    if (databaseExists) {
      Document stored = backend.run(db, "listCollections", new Document("listCollections", 1));
      for (Document entry : (List<Document>) ((Document) stored.get("cursor")).get("firstBatch")) {
        String name = (String) entry.get("name");
        if (!name.startsWith("system.")) {
          names.add(name);
        }
      }
    }
    Document cursor =
        new Document("id", 0L)
            .append("ns", db + ".$cmd.listCollections")
            .append("firstBatch", list(db, names, query));
    return new Document("cursor", cursor).append("ok", 1.0);
  }

  /**
   * @param db the database
   * @param collections the names of the collections stored in it
   * @param query the {@code listCollections} command
   */
  List<Document> list(String db, List<String> collections, Document query) {
    List<Document> entries = new ArrayList<>();
    for (String name : collections) {
      Document timeseries = catalog.timeseries(db, name);
      if (timeseries != null) {
        entries.add(
            entry(name, "timeseries", new Document("timeseries", timeseries), info(false, null)));
        entries.add(
            collection(
                db,
                "system.buckets." + name,
                new Document("clusteredIndex", true).append("timeseries", timeseries)));
      } else {
        Document collation = catalog.collation(db, name);
        entries.add(
            collection(
                db,
                name,
                collation == null ? new Document() : new Document("collation", collation)));
      }
    }
    for (Map.Entry<String, CollectionCatalog.View> view : catalog.views(db).entrySet()) {
      Document options =
          new Document("viewOn", view.getValue().viewOn())
              .append("pipeline", view.getValue().pipeline());
      entries.add(entry(view.getKey(), "view", options, info(true, null)));
    }
    if (catalog.hasViews(db)) {
      entries.add(collection(db, "system.views", new Document()));
    }
    Document filter = query.get("filter") instanceof Document given ? given : new Document();
    boolean nameOnly = Utils.isTrue(query.get("nameOnly"));
    DefaultQueryMatcher matcher = new DefaultQueryMatcher();
    List<Document> result = new ArrayList<>();
    for (Document entry : entries) {
      if (matcher.matches(entry, filter)) {
        result.add(
            nameOnly
                ? new Document("name", entry.get("name")).append("type", entry.get("type"))
                : entry);
      }
    }
    return result;
  }

  private Document collection(String db, String name, Document options) {
    Document entry = entry(name, "collection", options, info(false, catalog.uuid(db, name)));
    if (!options.containsKey("clusteredIndex")) {
      Document idIndex =
          new Document("v", 2).append("key", new Document("_id", 1)).append("name", "_id_");
      if (options.get("collation") instanceof Document collation) {
        // The _id index has the collection's default collation.
        idIndex.append("collation", collation);
      }
      entry.append("idIndex", idIndex);
    }
    return entry;
  }

  private static Document entry(String name, String type, Document options, Document info) {
    return new Document("name", name)
        .append("type", type)
        .append("options", options)
        .append("info", info);
  }

  private static Document info(boolean readOnly, UUID uuid) {
    Document info = new Document("readOnly", readOnly);
    if (uuid != null) {
      info.append("uuid", uuid);
    }
    return info;
  }
}
