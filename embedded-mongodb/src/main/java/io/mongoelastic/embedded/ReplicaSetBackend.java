package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * mongo-java-server's memory backend, extended to behave as the primary of a one-member replica
 * set: {@code hello} describes the set, every reply carries {@code operationTime} and {@code
 * $clusterTime}, writes are recorded in a {@link ChangeLog}, change streams are served by {@link
 * ChangeStreamCursor}, and {@code find}/{@code aggregate} results are paged by {@link
 * ResultCursor}.
 */
final class ReplicaSetBackend extends MemoryBackend {
  private static final int DEFAULT_BATCH_SIZE = 101;
  private static final long DEFAULT_AWAIT_MILLIS = 1000;
  private static final Set<String> CHANGE_STREAM_STAGES =
      Set.of(
          "$match",
          "$project",
          "$addFields",
          "$set",
          "$unset",
          "$replaceRoot",
          "$replaceWith",
          "$redact");

  private final ReplicaSetIdentity identity;
  private final ChangeRecorder recorder;
  private final ChangeLog log;
  private final CursorStore cursors = new CursorStore();
  private final CollectionListing listing;
  private final ViewCommands views;

  ReplicaSetBackend(ReplicaSetIdentity identity, ChangeRecorder recorder) {
    this.identity = identity;
    this.recorder = recorder;
    this.log = recorder.log();
    this.listing = new CollectionListing(recorder.catalog());
    this.views = new ViewCommands(recorder.catalog(), this::collectionExists);
    version(
        new MongoVersion() {
          @Override
          public List<Integer> getVersionArray() {
            return ReplicaSetIdentity.VERSION;
          }

          @Override
          public int getWireVersion() {
            return ReplicaSetIdentity.MAX_WIRE_VERSION;
          }
        });
  }

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new RecordingDatabase(databaseName, getCursorRegistry(), recorder);
  }

  @Override
  protected Oplog createOplog() {
    return new DropRecordingOplog(recorder);
  }

  @Override
  public Document handleCommand(Channel channel, String db, String command, Document query) {
    Document reply;
    try {
      reply = dispatch(channel, db, command, query);
    } catch (MongoServerException e) {
      reply = errorReply(e);
    }
    return withClusterTime(reply);
  }

  private Document dispatch(Channel channel, String db, String command, Document query) {
    Document viewReply =
        views.handle(
            db,
            command.toLowerCase(Locale.ROOT),
            query,
            (toDb, toCommand, toQuery) -> dispatch(channel, toDb, toCommand, toQuery));
    if (viewReply != null) {
      return viewReply;
    }
    switch (command.toLowerCase(Locale.ROOT)) {
      case "hello":
        return identity.hello(query, false, log.clusterTime());
      case "ismaster":
        return identity.hello(query, true, log.clusterTime());
      case "replsetgetstatus":
        return identity.status(log.clusterTime());
      case "aggregate":
        return aggregate(channel, db, query);
      case "find":
        return "admin".equals(db)
            ? super.handleCommand(channel, db, command, query)
            : find(channel, db, query);
      case "getmore":
        return getMore(channel, db, command, query);
      case "killcursors":
        return killCursors(query);
      case "renamecollection":
        return renameCollection(channel, db, command, query);
      case "create":
        return create(channel, db, command, query);
      case "collmod":
        return collMod(db, query);
      case "listcollections":
        return listCollections(channel, db, query);
      case "dropindexes":
        return DropIndexesCommand.run(
            db,
            query,
            (toDb, toCommand, toQuery) -> super.handleCommand(channel, toDb, toCommand, toQuery));
      default:
        return super.handleCommand(channel, db, command, query);
    }
  }

  @Override
  protected Document handleDropDatabase(String databaseName) {
    boolean existed = listDatabaseNames().contains(databaseName);
    Document reply = super.handleDropDatabase(databaseName);
    if (existed) {
      recorder.dropDatabase(databaseName);
    }
    return reply;
  }

  private Document aggregate(Channel channel, String db, Document query) {
    List<Document> pipeline = Aggregation.parse(query.get("pipeline"));
    Document cursorOptions = (Document) query.getOrDefault("cursor", new Document());
    int batchSize = number(cursorOptions.get("batchSize"), DEFAULT_BATCH_SIZE);
    if (!pipeline.isEmpty() && pipeline.get(0).get("$changeStream") instanceof Document stage) {
      return openChangeStream(db, query, stage, pipeline.subList(1, pipeline.size()), batchSize);
    }
    String outTarget = AggregationOut.target(db, pipeline);
    if (outTarget != null) {
      return AggregationOut.run(
          db,
          query,
          outTarget,
          (toDb, command, toQuery) -> super.handleCommand(channel, toDb, command, toQuery),
          (toDb, command, toQuery) -> dispatch(channel, toDb, command, toQuery));
    }
    Document unpaged = new Document(query);
    unpaged.put("cursor", new Document());
    Document reply = super.handleCommand(channel, db, "aggregate", unpaged);
    return paged(reply, batchSize, false);
  }

  private Document find(Channel channel, String db, Document query) {
    int batchSize = number(query.get("batchSize"), DEFAULT_BATCH_SIZE);
    boolean singleBatch = Utils.isTrue(query.get("singleBatch"));
    Document unpaged = new Document(query);
    unpaged.remove("batchSize");
    unpaged.remove("singleBatch");
    Document reply = super.handleCommand(channel, db, "find", unpaged);
    return paged(reply, batchSize, singleBatch);
  }

  @SuppressWarnings("unchecked")
  private Document paged(Document reply, int batchSize, boolean singleBatch) {
    if (!(reply.get("cursor") instanceof Document cursor)
        || !(cursor.get("firstBatch") instanceof List<?> all)
        || ((Number) cursor.getOrDefault("id", 0L)).longValue() != 0L) {
      return reply;
    }
    List<Document> documents = new ArrayList<>(all.size());
    for (Object document : all) {
      documents.add((Document) document);
    }
    ResultCursor result =
        new ResultCursor(
            getCursorRegistry().generateCursorId(), (String) cursor.get("ns"), documents);
    Document first;
    if (batchSize == 0 && !singleBatch) {
      first =
          new Document("id", documents.isEmpty() ? 0L : result.id())
              .append("ns", result.namespace())
              .append("firstBatch", List.of());
    } else {
      first = result.nextBatch("firstBatch", batchSize, 0);
    }
    if (singleBatch) {
      first.put("id", 0L);
    } else if (((Number) first.get("id")).longValue() != 0L) {
      result.detachRemaining();
      cursors.add(result);
    }
    reply.put("cursor", first);
    return reply;
  }

  private Document openChangeStream(
      String db, Document query, Document stage, List<Document> rest, int batchSize) {
    Object target = query.get("aggregate");
    String coll = target instanceof String name ? name : null;
    if (coll == null && !(target instanceof Number number && number.intValue() == 1)) {
      throw CommandException.failedToParse("aggregate must name a collection or be 1");
    }
    ChangeStreamSpec spec = ChangeStreamSpec.parse(db, coll, stage);
    rest = new ArrayList<>(rest);
    ChangeEventSizeLimit sizeLimit = ChangeEventSizeLimit.takeFrom(rest);
    Aggregation pipeline = null;
    if (!rest.isEmpty()) {
      for (Document s : rest) {
        String name = s.keySet().iterator().next();
        if (!CHANGE_STREAM_STAGES.contains(name)) {
          throw new CommandException(
              20, "IllegalOperation", name + " is not permitted in a $changeStream pipeline");
        }
      }
      pipeline =
          Aggregation.fromPipeline(
              rest.stream().map(ReplicaSetBackend::withoutAlias).toList(),
              this::resolveDatabase,
              null,
              null,
              oplog);
    }
    ChangeEventRenderer renderer = new ChangeEventRenderer(spec, this::lookUp);
    ChangeStreamCursor cursor =
        new ChangeStreamCursor(
            getCursorRegistry().generateCursorId(), spec, log, renderer, pipeline, sizeLimit);
    Document first = cursor.nextBatch("firstBatch", batchSize, 0);
    if (!cursor.isClosed()) {
      cursors.add(cursor);
    }
    return new Document("cursor", first).append("ok", 1.0);
  }

  /** Spells {@code $set} and {@code $replaceWith} as the stages mongo-java-server knows. */
  private static Document withoutAlias(Document stage) {
    if (stage.containsKey("$set")) {
      return new Document("$addFields", stage.get("$set"));
    }
    if (stage.containsKey("$replaceWith")) {
      return new Document("$replaceRoot", new Document("newRoot", stage.get("$replaceWith")));
    }
    return stage;
  }

  private Document lookUp(String db, String coll, Object id) {
    if (!listDatabaseNames().contains(db)) {
      return null;
    }
    MongoDatabase database = resolveDatabase(db);
    MongoCollection<?> collection = database.resolveCollection(coll, false);
    if (collection == null) {
      return null;
    }
    for (Document document : collection.handleQuery(new Document("_id", id), 0, 1)) {
      return document.cloneDeeply();
    }
    return null;
  }

  private Document getMore(Channel channel, String db, String command, Document query) {
    long id = ((Number) query.get(command)).longValue();
    ServerCursor cursor = cursors.get(id);
    if (cursor == null) {
      return super.handleCommand(channel, db, command, query);
    }
    int batchSize = number(query.get("batchSize"), 0);
    long await =
        cursor instanceof ChangeStreamCursor
            ? number(query.get("maxTimeMS"), (int) DEFAULT_AWAIT_MILLIS)
            : 0;
    try {
      Document batch = cursor.nextBatch("nextBatch", batchSize, await);
      if (cursor.isClosed()) {
        cursors.remove(id);
      }
      return new Document("cursor", batch).append("ok", 1.0);
    } catch (RuntimeException e) {
      cursors.remove(id);
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private Document killCursors(Document query) {
    List<Long> killed = new ArrayList<>();
    List<Long> notFound = new ArrayList<>();
    for (Object idValue : (List<Object>) query.getOrDefault("cursors", List.of())) {
      long id = ((Number) idValue).longValue();
      if (cursors.remove(id) || getCursorRegistry().remove(id)) {
        killed.add(id);
      } else {
        notFound.add(id);
      }
    }
    return new Document("cursorsKilled", killed)
        .append("cursorsNotFound", notFound)
        .append("cursorsAlive", List.of())
        .append("cursorsUnknown", List.of())
        .append("ok", 1.0);
  }

  /**
   * Renames as MongoDB does: a replaced target ({@code dropTarget}) is dropped without an event of
   * its own, so watchers see one {@code rename} (streams on the source and on the target are then
   * invalidated).
   */
  private Document renameCollection(Channel channel, String db, String command, Document query) {
    String from = query.get(command).toString();
    String to = query.get("to").toString();
    String fromDb = Utils.getDatabaseNameFromFullName(from);
    String fromColl = Utils.getCollectionNameFromFullName(from);
    String toDb = Utils.getDatabaseNameFromFullName(to);
    String toColl = Utils.getCollectionNameFromFullName(to);
    if (!collectionExists(fromDb, fromColl)) {
      throw new CommandException(
          26, "NamespaceNotFound", "Source collection " + from + " does not exist");
    }
    if (from.equals(to)) {
      return new Document("ok", 1.0);
    }
    if (collectionExists(toDb, toColl)) {
      if (!Utils.isTrue(query.get("dropTarget"))) {
        throw new CommandException(48, "NamespaceExists", "Target namespace exists");
      }
      resolveDatabase(toDb).dropCollection(toColl, NoopOplog.get());
    }
    Document plain = new Document(query);
    plain.remove("dropTarget");
    Document reply = super.handleCommand(channel, db, command, plain);
    recorder.rename(fromDb, fromColl, toDb, toColl);
    return reply;
  }

  private boolean collectionExists(String db, String coll) {
    return listDatabaseNames().contains(db)
        && resolveDatabase(db).resolveCollection(coll, false) != null;
  }

  private Document create(Channel channel, String db, String command, Document query) {
    Document plain = new Document(query);
    Object images = plain.remove("changeStreamPreAndPostImages");
    Document reply = super.handleCommand(channel, db, command, plain);
    if (images instanceof Document option) {
      recorder.setPrePostImages(
          db, query.get(command).toString(), Utils.isTrue(option.get("enabled")));
    }
    return reply;
  }

  @SuppressWarnings("unchecked")
  private Document listCollections(Channel channel, String db, Document query) {
    List<String> names = new ArrayList<>();
    if (listDatabaseNames().contains(db)) {
      Document stored =
          super.handleCommand(channel, db, "listCollections", new Document("listCollections", 1));
      for (Document entry : (List<Document>) ((Document) stored.get("cursor")).get("firstBatch")) {
        String name = (String) entry.get("name");
        if (!name.startsWith("system.")) {
          names.add(name);
        }
      }
    }
    Document cursorOptions = (Document) query.getOrDefault("cursor", new Document());
    Document cursor =
        new Document("id", 0L)
            .append("ns", db + ".$cmd.listCollections")
            .append("firstBatch", listing.list(db, names, query));
    return paged(
        new Document("cursor", cursor).append("ok", 1.0),
        number(cursorOptions.get("batchSize"), DEFAULT_BATCH_SIZE),
        false);
  }

  private Document collMod(String db, Document query) {
    String coll = query.get("collMod").toString();
    MongoDatabase database = listDatabaseNames().contains(db) ? resolveDatabase(db) : null;
    if (database == null || database.resolveCollection(coll, false) == null) {
      throw new CommandException(26, "NamespaceNotFound", "ns does not exist: " + db + "." + coll);
    }
    for (String key : query.keySet()) {
      if (!key.equals("collMod")
          && !key.startsWith("$")
          && !key.equals("lsid")
          && !key.equals("changeStreamPreAndPostImages")
          && !key.equals("writeConcern")) {
        throw new CommandException(
            40415, "IDLUnknownField", "collMod option '" + key + "' is not supported here");
      }
    }
    if (query.get("changeStreamPreAndPostImages") instanceof Document option) {
      recorder.setPrePostImages(db, coll, Utils.isTrue(option.get("enabled")));
    }
    return new Document("ok", 1.0);
  }

  private Document errorReply(MongoServerException e) {
    Document reply = new Document("ok", 0.0).append("errmsg", e.getMessageWithoutErrorCode());
    if (e instanceof MongoServerError error) {
      reply.append("code", error.getCode());
      reply.putIfNotNull("codeName", error.getCodeName());
    }
    if (e instanceof CommandException commandError && !commandError.errorLabels().isEmpty()) {
      reply.append("errorLabels", commandError.errorLabels());
    }
    return reply;
  }

  private Document withClusterTime(Document reply) {
    BsonTimestamp now = new BsonTimestamp(log.clusterTime());
    reply.put("operationTime", now);
    reply.put(
        "$clusterTime",
        new Document("clusterTime", now)
            .append(
                "signature", new Document("hash", new BinData(new byte[20])).append("keyId", 0L)));
    return reply;
  }

  int openCursors() {
    return cursors.size();
  }

  private static int number(Object value, int defaultValue) {
    return value instanceof Number number ? number.intValue() : defaultValue;
  }
}
