package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Commands that concern views and time-series collections, as MongoDB answers them: {@code create}
 * with {@code viewOn}/{@code pipeline} or {@code timeseries}; {@code find}, {@code count}, {@code
 * distinct} and {@code aggregate} on a view run the view's pipeline (views on views included) over
 * its source collection; writes, index builds and change streams on a view fail with 166
 * CommandNotSupportedOnView, and so does a change stream on a time-series collection (MongoDB
 * implements those as views), while one on a {@code system.*} collection (its buckets included)
 * fails with 73 InvalidNamespace; {@code drop} removes a view.
 */
final class ViewCommands {
  private static final Set<String> REFUSED_ON_VIEWS =
      Set.of("insert", "update", "delete", "findandmodify", "createindexes");
  private static final Map<String, Integer> BUCKET_SPAN_SECONDS =
      Map.of("seconds", 3600, "minutes", 86400, "hours", 2592000);
  private static final int MAX_VIEW_DEPTH = 20;

  private final CollectionCatalog catalog;
  private final BiPredicate<String, String> collectionExists;

  ViewCommands(CollectionCatalog catalog, BiPredicate<String, String> collectionExists) {
    this.catalog = catalog;
    this.collectionExists = collectionExists;
  }

  /**
   * Handles a command addressed to a view or time-series collection.
   *
   * @param command the command name in lower case
   * @param backend runs the commands a command on a view is rewritten into
   * @return the reply, or null when the backend handles the command as usual
   */
  Document handle(String db, String command, Document query, CommandRunner backend) {
    Object target = query.values().iterator().next();
    if (!(target instanceof String coll)) {
      return null;
    }
    if (command.equals("create")) {
      if (query.containsKey("viewOn")) {
        return createView(db, coll, query);
      }
      if (query.get("timeseries") instanceof Document options) {
        return createTimeseries(db, coll, query, options, backend);
      }
      return null;
    }
    boolean view = catalog.view(db, coll) != null;
    if (command.equals("aggregate") && opensChangeStream(query)) {
      if (view || catalog.timeseries(db, coll) != null) {
        throw notSupportedOnView(db, coll);
      }
      if (coll.startsWith("system.")) {
        // Bucket collections of time-series collections included.
        throw new CommandException(
            73,
            "InvalidNamespace",
            "$changeStream may not be opened on the internal " + db + "." + coll + " collection");
      }
      return null;
    }
    if (!view) {
      return null;
    }
    if (REFUSED_ON_VIEWS.contains(command)) {
      throw notSupportedOnView(db, coll);
    }
    return switch (command) {
      case "drop" -> {
        catalog.removeView(db, coll);
        yield new Document("ns", db + "." + coll).append("ok", 1.0);
      }
      case "find" -> find(db, coll, query, backend);
      case "count" -> count(db, coll, query, backend);
      case "aggregate" -> aggregate(db, coll, query, backend);
      case "distinct" -> distinct(db, coll, query, backend);
      default -> null;
    };
  }

  private Document createView(String db, String coll, Document query) {
    if (!(query.get("viewOn") instanceof String viewOn) || viewOn.isEmpty()) {
      throw new CommandException(14, "TypeMismatch", "'viewOn' must be a non-empty string");
    }
    if (catalog.view(db, coll) != null || collectionExists.test(db, coll)) {
      throw new CommandException(
          48, "NamespaceExists", "Namespace " + db + "." + coll + " already exists");
    }
    List<Document> pipeline = new ArrayList<>();
    if (query.get("pipeline") instanceof List<?> stages) {
      for (Object stage : stages) {
        pipeline.add((Document) stage);
      }
    }
    catalog.addView(db, coll, new CollectionCatalog.View(viewOn, pipeline));
    return new Document("ok", 1.0);
  }

  private Document createTimeseries(
      String db, String coll, Document query, Document options, CommandRunner backend) {
    if (!(options.get("timeField") instanceof String timeField)) {
      throw new CommandException(
          40414,
          "Location40414",
          "BSON field 'create.timeseries.timeField' is missing but a required field");
    }
    String granularity = (String) options.getOrDefault("granularity", "seconds");
    Integer span = BUCKET_SPAN_SECONDS.get(granularity);
    if (span == null) {
      throw CommandException.badValue(
          "Enumeration value '" + granularity + "' for field 'granularity' is not a valid value.");
    }
    Document described = new Document("timeField", timeField);
    if (options.get("metaField") instanceof String metaField) {
      described.append("metaField", metaField);
    }
    described.append("granularity", granularity).append("bucketMaxSpanSeconds", span);
    Document plain = new Document(query);
    plain.remove("timeseries");
    plain.remove("expireAfterSeconds");
    Document reply = backend.run(db, "create", plain);
    catalog.addTimeseries(db, coll, described);
    return reply;
  }

  private Document find(String db, String coll, Document query, CommandRunner backend) {
    List<Document> stages = new ArrayList<>();
    addStage(stages, "$match", query.get("filter"));
    addStage(stages, "$sort", query.get("sort"));
    if (query.get("skip") instanceof Number skip && skip.longValue() > 0) {
      stages.add(new Document("$skip", skip));
    }
    if (query.get("limit") instanceof Number limit && limit.longValue() != 0) {
      stages.add(new Document("$limit", Math.abs(limit.longValue())));
    }
    addStage(stages, "$project", query.get("projection"));
    Document cursor = new Document();
    if (query.get("batchSize") instanceof Number batchSize) {
      cursor.append("batchSize", batchSize);
    }
    Document reply = runOnSource(db, coll, stages, cursor, backend);
    if (reply.get("cursor") instanceof Document replyCursor) {
      replyCursor.put("ns", db + "." + coll);
    }
    return reply;
  }

  @SuppressWarnings("unchecked")
  private Document count(String db, String coll, Document query, CommandRunner backend) {
    List<Document> stages = new ArrayList<>();
    addStage(stages, "$match", query.get("query"));
    if (query.get("skip") instanceof Number skip && skip.longValue() > 0) {
      stages.add(new Document("$skip", skip));
    }
    if (query.get("limit") instanceof Number limit && limit.longValue() != 0) {
      stages.add(new Document("$limit", Math.abs(limit.longValue())));
    }
    stages.add(new Document("$count", "n"));
    Document reply = runOnSource(db, coll, stages, new Document(), backend);
    List<Document> batch = (List<Document>) ((Document) reply.get("cursor")).get("firstBatch");
    Object n = batch.isEmpty() ? 0 : batch.get(0).get("n");
    return new Document("n", n).append("ok", 1.0);
  }

  /** The distinct values of a field, array elements counted one by one as MongoDB does. */
  @SuppressWarnings("unchecked")
  private Document distinct(String db, String coll, Document query, CommandRunner backend) {
    String path = "$" + query.get("key");
    List<Document> stages = new ArrayList<>();
    addStage(stages, "$match", query.get("query"));
    stages.add(new Document("$unwind", path));
    stages.add(new Document("$group", new Document("_id", path)));
    Document reply =
        runOnSource(db, coll, stages, new Document("batchSize", Integer.MAX_VALUE), backend);
    List<Object> values = new ArrayList<>();
    for (Document group : (List<Document>) ((Document) reply.get("cursor")).get("firstBatch")) {
      values.add(group.get("_id"));
    }
    return new Document("values", values).append("ok", 1.0);
  }

  @SuppressWarnings("unchecked")
  private Document aggregate(String db, String coll, Document query, CommandRunner backend) {
    List<Document> stages = new ArrayList<>((List<Document>) query.get("pipeline"));
    return runOnSource(
        db, coll, stages, (Document) query.getOrDefault("cursor", new Document()), backend);
  }

  /** Runs the view's pipeline followed by {@code stages} over the collection the view reads. */
  private Document runOnSource(
      String db, String coll, List<Document> stages, Document cursor, CommandRunner backend) {
    List<Document> pipeline = new ArrayList<>(stages);
    String source = coll;
    int depth = 0;
    for (CollectionCatalog.View view = catalog.view(db, source);
        view != null;
        view = catalog.view(db, source)) {
      if (++depth > MAX_VIEW_DEPTH) {
        throw new CommandException(
            165, "ViewDepthLimitExceeded", "View depth too deep or view cycle detected");
      }
      pipeline.addAll(0, view.pipeline());
      source = view.viewOn();
    }
    Document aggregate =
        new Document("aggregate", source).append("pipeline", pipeline).append("cursor", cursor);
    return backend.run(db, "aggregate", aggregate);
  }

  private static void addStage(List<Document> stages, String name, Object spec) {
    if (spec instanceof Document document && !document.isEmpty()) {
      stages.add(new Document(name, document));
    }
  }

  private static boolean opensChangeStream(Document query) {
    return query.get("pipeline") instanceof List<?> stages
        && !stages.isEmpty()
        && stages.get(0) instanceof Document first
        && first.containsKey("$changeStream");
  }

  private static CommandException notSupportedOnView(String db, String coll) {
    return new CommandException(
        166,
        "CommandNotSupportedOnView",
        "Namespace " + db + "." + coll + " is a view, not a collection");
  }
}
