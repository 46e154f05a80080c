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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * mongo-java-server's memory backend, extended to behave as the primary of a one-member replica
 * set: {@code hello} describes the set, every reply carries {@code operationTime} and {@code
 * $clusterTime}, writes are recorded in a {@link ChangeLog}, change streams are served by {@link
 * ChangeStreamCursor}, and {@code find}/{@code aggregate}/{@code listCollections} results are paged
 * by {@link CursorPaging}.
 */
final class ReplicaSetBackend extends MemoryBackend {
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
  private final FailPoints failPoints = new FailPoints();
  private final FaultInjector faults = new FaultInjector(failPoints);
  private final CursorPaging paging;
  private final CollectionListing listing;
  private final ViewCommands views;
  private final PipelineUpdates pipelineUpdates;
  private final RenameCollectionCommand renames;
  private final PrePostImageCommands prePostImages;
  private final TransactionCommands transactions;

  /**
   * Makes a commit atomic for other clients, as MongoDB's is: a commit applies its held writes and
   * records their events under the write lock; every other command runs under the read lock, so no
   * write is logged between a transaction's writes and its events, and no read sees part of a
   * transaction. Change-stream {@code getMore}s, which wait for events, take no lock.
   */
  private final ReadWriteLock commitLock = new ReentrantReadWriteLock();

  ReplicaSetBackend(ReplicaSetIdentity identity, ChangeRecorder recorder) {
    this.identity = identity;
    this.recorder = recorder;
    this.log = recorder.log();
    this.paging = new CursorPaging(cursors, getCursorRegistry(), faults);
    this.listing = new CollectionListing(recorder.catalog());
    this.prePostImages = new PrePostImageCommands(recorder, this::collectionExists);
    this.renames =
        new RenameCollectionCommand(
            recorder,
            this::collectionExists,
            (db, coll) -> resolveDatabase(db).dropCollection(coll, NoopOplog.get()));
    this.pipelineUpdates =
        new PipelineUpdates(
            stages -> Aggregation.fromPipeline(stages, this::resolveDatabase, null, null, oplog));
    this.views = new ViewCommands(recorder.catalog(), this::collectionExists);
    this.transactions = new TransactionCommands(recorder);
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
    boolean changeStream = isChangeStreamCommand(command, query);
    Document reply;
    MongoServerException failure = null;
    try {
      faults.beforeCommand(channel, db, command, query);
      Lock lock = lockFor(command);
      if (lock == null) {
        reply = dispatch(channel, db, command, query);
      } else {
        lock.lock();
        try {
          reply = dispatch(channel, db, command, query);
        } finally {
          lock.unlock();
        }
      }
      faults.afterCommand(channel, db, command, query, reply);
    } catch (MongoServerException e) {
      failure = e;
      reply = errorReply(e);
    }
    ErrorLabels.attach(reply, failure, command, query, changeStream);
    return withClusterTime(reply);
  }

  /** The lock a command runs under (see {@link #commitLock}), or null for one that may wait. */
  private Lock lockFor(String command) {
    switch (command.toLowerCase(Locale.ROOT)) {
      case "committransaction":
        return commitLock.writeLock();
      case "getmore":
      case "hello":
      case "ismaster":
      case "killcursors":
        return null;
      default:
        return commitLock.readLock();
    }
  }

  /** Whether a command is the aggregate or a getMore of a change stream (for error labels). */
  private boolean isChangeStreamCommand(String command, Document query) {
    if ("getMore".equals(command) && query.get(command) instanceof Number id) {
      return cursors.get(id.longValue()) instanceof ChangeStreamCursor;
    }
    return "aggregate".equals(command)
        && query.get("pipeline") instanceof List<?> pipeline
        && !pipeline.isEmpty()
        && pipeline.get(0) instanceof Document first
        && first.containsKey("$changeStream");
  }

  FailPoints failPoints() {
    return failPoints;
  }

  private Document dispatch(Channel channel, String db, String command, Document query) {
    Document transactionReply =
        transactions.handle(
            db,
            command.toLowerCase(Locale.ROOT),
            query,
            (toDb, toCommand, toQuery) -> dispatch(channel, toDb, toCommand, toQuery));
    if (transactionReply != null) {
      return transactionReply;
    }
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
        if (OplogCollectionView.handles(db, query)) {
          return OplogCollectionView.find(log, query);
        }
        return "admin".equals(db)
            ? super.handleCommand(channel, db, command, query)
            : find(channel, db, query);
      case "getmore":
        return paging.getMore(channel, db, command, query, unpaged(channel));
      case "killcursors":
        return paging.killCursors(query);
      case "renamecollection":
        return renames.run(command, query, unpaged(channel));
      case "create":
        {
          Document plain = new Document(query);
          Document collation = DefaultCollation.normalize(plain.remove(DefaultCollation.OPTION));
          Document reply = prePostImages.create(db, command, plain, unpaged(channel));
          if (collation != null) {
            recorder.catalog().setCollation(db, query.get(command).toString(), collation);
          }
          return reply;
        }
      case "collmod":
        return prePostImages.collMod(db, query);
      case "configurefailpoint":
        return ConfigureFailPointCommand.run(failPoints, db, query);
      case "listcollections":
        return paging.paged(
            listing.reply(db, query, listDatabaseNames().contains(db), unpaged(channel)),
            CursorPaging.firstBatchSize(
                ((Document) query.getOrDefault("cursor", new Document())).get("batchSize")),
            false);
      case "insert":
        return DuplicateKeyDetails.addTo(
            db, query, super.handleCommand(channel, db, command, query), unpaged(channel));
      case "update":
        return orElse(
            pipelineUpdates.update(db, query, unpaged(channel)),
            () -> super.handleCommand(channel, db, command, query));
      case "findandmodify":
        return orElse(
            pipelineUpdates.findAndModify(db, query, unpaged(channel)),
            () -> super.handleCommand(channel, db, command, query));
      case "dropindexes":
        return DropIndexesCommand.run(db, query, unpaged(channel));
      default:
        return super.handleCommand(channel, db, command, query);
    }
  }

  /** Runs commands as mongo-java-server does, without this backend's paging and rewrites. */
  private CommandRunner unpaged(Channel channel) {
    return (db, command, query) -> super.handleCommand(channel, db, command, query);
  }

  private static Document orElse(Document reply, Supplier<Document> otherwise) {
    return reply != null ? reply : otherwise.get();
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
    int batchSize = CursorPaging.firstBatchSize(cursorOptions.get("batchSize"));
    if (!pipeline.isEmpty() && pipeline.get(0).get("$changeStream") instanceof Document stage) {
      return openChangeStream(db, query, stage, pipeline.subList(1, pipeline.size()), batchSize);
    }
    if (RandomSample.leads(pipeline) && query.get("aggregate") instanceof String coll) {
      RandomSample sample = new RandomSample(db, coll, pipeline, unpaged(channel));
      if (sample.runsAlone()) {
        List<Document> result =
            sample.run(
                stages ->
                    Aggregation.fromPipeline(stages, this::resolveDatabase, null, null, oplog));
        Document cursor =
            new Document("id", 0L).append("ns", db + "." + coll).append("firstBatch", result);
        return paging.paged(new Document("cursor", cursor).append("ok", 1.0), batchSize, false);
      }
      pipeline = sample.rewrite();
      query = new Document(query);
      query.put("pipeline", pipeline);
    }
    String outTarget = AggregationOut.target(db, pipeline);
    if (outTarget != null) {
      return AggregationOut.run(
          db,
          query,
          outTarget,
          unpaged(channel),
          (toDb, command, toQuery) -> dispatch(channel, toDb, command, toQuery));
    }
    Document unpaged = new Document(query);
    unpaged.put("cursor", new Document());
    Document reply = super.handleCommand(channel, db, "aggregate", unpaged);
    return paging.paged(reply, batchSize, false);
  }

  private Document find(Channel channel, String db, Document query) {
    int batchSize = CursorPaging.firstBatchSize(query.get("batchSize"));
    boolean singleBatch = Utils.isTrue(query.get("singleBatch"));
    Document unpaged = new Document(query);
    unpaged.remove("batchSize");
    unpaged.remove("singleBatch");
    Document reply = super.handleCommand(channel, db, "find", unpaged);
    return paging.paged(reply, batchSize, singleBatch);
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
    ChangeStreamPipeline pipeline = null;
    if (!rest.isEmpty()) {
      for (Document s : rest) {
        String name = s.keySet().iterator().next();
        if (!CHANGE_STREAM_STAGES.contains(name)) {
          throw PipelineStageNames.notAllowedInChangeStream(name);
        }
      }
      pipeline =
          ChangeStreamPipeline.of(
              rest.stream().map(StageSpelling::forEngine).toList(),
              stages -> Aggregation.fromPipeline(stages, this::resolveDatabase, null, null, oplog));
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

  private boolean collectionExists(String db, String coll) {
    return listDatabaseNames().contains(db)
        && resolveDatabase(db).resolveCollection(coll, false) != null;
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
}
