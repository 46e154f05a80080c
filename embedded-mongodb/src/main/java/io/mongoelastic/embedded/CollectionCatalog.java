package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What MongoDB's catalog knows about namespaces and mongo-java-server does not: each collection's
 * UUID (assigned when the collection is first seen, kept across a rename, new after a drop and
 * re-creation), views ({@code viewOn} + {@code pipeline}, which have no storage here), which
 * collections are time-series (stored here as plain collections under their own name) and default
 * collations.
 */
final class CollectionCatalog {
  /** A view: the namespace it reads from (same database) and the pipeline applied to it. */
  record View(String viewOn, List<Document> pipeline) {}

  private final Map<String, UUID> uuids = new ConcurrentHashMap<>();
  private final Map<String, View> views = new ConcurrentHashMap<>();
  private final Map<String, Document> timeseries = new ConcurrentHashMap<>();
  private final Map<String, Document> collations = new ConcurrentHashMap<>();

  private static String ns(String db, String coll) {
    return db + "." + coll;
  }

  /** The collection's UUID; the first call for a collection assigns one. */
  UUID uuid(String db, String coll) {
    return uuids.computeIfAbsent(ns(db, coll), key -> UUID.randomUUID());
  }

  View view(String db, String coll) {
    return views.get(ns(db, coll));
  }

  /** Views of one database by name. */
  Map<String, View> views(String db) {
    Map<String, View> result = new TreeMap<>();
    String prefix = db + ".";
    views.forEach(
        (ns, view) -> {
          if (ns.startsWith(prefix)) {
            result.put(ns.substring(prefix.length()), view);
          }
        });
    return result;
  }

  void addView(String db, String coll, View view) {
    views.put(ns(db, coll), view);
  }

  boolean removeView(String db, String coll) {
    return views.remove(ns(db, coll)) != null;
  }

  /** The {@code timeseries} options of a time-series collection, or null. */
  Document timeseries(String db, String coll) {
    return timeseries.get(ns(db, coll));
  }

  void addTimeseries(String db, String coll, Document options) {
    timeseries.put(ns(db, coll), options);
  }

  /**
   * The default collation of a collection created with one (see {@link DefaultCollation}), or null.
   */
  Document collation(String db, String coll) {
    return collations.get(ns(db, coll));
  }

  void setCollation(String db, String coll, Document collation) {
    collations.put(ns(db, coll), collation);
  }

  /** Whether the database holds views or time-series collections (so {@code system.views}). */
  boolean hasViews(String db) {
    String prefix = db + ".";
    return views.keySet().stream().anyMatch(ns -> ns.startsWith(prefix))
        || timeseries.keySet().stream().anyMatch(ns -> ns.startsWith(prefix));
  }

  void dropped(String db, String coll) {
    uuids.remove(ns(db, coll));
    timeseries.remove(ns(db, coll));
    collations.remove(ns(db, coll));
  }

  /** The target (if any) is replaced: it takes the source's UUID and kind. */
  void renamed(String db, String coll, String toDb, String toColl) {
    UUID uuid = uuids.remove(ns(db, coll));
    Document options = timeseries.remove(ns(db, coll));
    Document collation = collations.remove(ns(db, coll));
    uuids.remove(ns(toDb, toColl));
    timeseries.remove(ns(toDb, toColl));
    collations.remove(ns(toDb, toColl));
    if (collation != null) {
      collations.put(ns(toDb, toColl), collation);
    }
    if (uuid != null) {
      uuids.put(ns(toDb, toColl), uuid);
    }
    if (options != null) {
      timeseries.put(ns(toDb, toColl), options);
    }
  }

  void droppedDatabase(String db) {
    String prefix = db + ".";
    uuids.keySet().removeIf(ns -> ns.startsWith(prefix));
    views.keySet().removeIf(ns -> ns.startsWith(prefix));
    timeseries.keySet().removeIf(ns -> ns.startsWith(prefix));
    collations.keySet().removeIf(ns -> ns.startsWith(prefix));
  }
}
