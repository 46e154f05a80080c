package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Multi-document transactions as the official drivers run them: the first command carries {@code
 * lsid}, {@code txnNumber}, {@code startTransaction: true} and {@code autocommit: false}, the
 * following ones {@code lsid}, {@code txnNumber} and {@code autocommit: false}, and the admin
 * commands {@code commitTransaction} / {@code abortTransaction} end it.
 *
 * <p>The simplest model that gives MongoDB's change events: the writes ({@code insert}, {@code
 * update}, {@code delete}) are held and applied at commit, and all their changes recorded at the
 * commit's one cluster time (see {@link ChangeRecorder#recordTransaction}). The reply to a held
 * write is computed from the committed data (matches counted by its filter), not from the
 * transaction's own earlier writes; reads in a transaction see committed data only. Abort discards
 * the held writes and records nothing.
 */
final class TransactionCommands {
  private static final Set<String> WRITES = Set.of("insert", "update", "delete");
  private static final Set<String> SESSION_FIELDS =
      Set.of(
          "lsid",
          "txnNumber",
          "autocommit",
          "startTransaction",
          "readConcern",
          "writeConcern",
          "$clusterTime",
          "$db");
  private static final int NO_SUCH_TRANSACTION = 251;
  private static final int NOT_SUPPORTED_IN_TRANSACTION = 263;

  private final ChangeRecorder recorder;

  /** The open transaction of each session (a session runs one at a time). */
  private final Map<Document, Open> open = new ConcurrentHashMap<>();

  /** The last committed transaction number of each session, so a retried commit succeeds. */
  private final Map<Document, Long> committed = new ConcurrentHashMap<>();

  private record Held(String db, String command, Document query) {}

  private record Open(TransactionId id, List<Held> writes) {}

  TransactionCommands(ChangeRecorder recorder) {
    this.recorder = recorder;
  }

  /**
   * Answers the command when it belongs to a transaction and this class must handle it (a write to
   * hold, a commit or an abort); null when the backend should run it as usual (commands outside a
   * transaction, and reads inside one).
   *
   * @param command the command name in lower case
   * @param backend runs the held writes at commit, and counts matches for their replies
   */
  Document handle(String db, String command, Document query, CommandRunner backend) {
    switch (command) {
      case "committransaction":
        return commit(query, backend);
      case "aborttransaction":
        return abort(query);
      default:
        break;
    }
    if (!Boolean.FALSE.equals(query.get("autocommit"))) {
      return null;
    }
    Open transaction = join(query);
    if (command.equals("findandmodify")) {
      throw new CommandException(
          NOT_SUPPORTED_IN_TRANSACTION,
          "OperationNotSupportedInTransaction",
          "findAndModify in a transaction is not supported by this embedded server");
    }
    if (!WRITES.contains(command)) {
      return null;
    }
    Document held = new Document();
    query.forEach(
        (key, value) -> {
          if (!SESSION_FIELDS.contains(key)) {
            held.put(key, value);
          }
        });
    Document reply = reply(db, command, held, backend);
    synchronized (transaction) {
      transaction.writes().add(new Held(db, command, held));
    }
    return reply;
  }

  /** The session's open transaction: a new one on {@code startTransaction}, else the current. */
  private Open join(Document query) {
    TransactionId id = idOf(query);
    if (Boolean.TRUE.equals(query.get("startTransaction"))) {
      // A new transaction number ends (aborts) the session's previous transaction, as on MongoDB.
      Open started = new Open(id, new ArrayList<>());
      open.put(id.lsid(), started);
      return started;
    }
    Open current = open.get(id.lsid());
    if (current == null || current.id().txnNumber() != id.txnNumber()) {
      throw noSuchTransaction(id);
    }
    return current;
  }

  /**
   * Runs under the backend's server-wide write lock (see {@code ReplicaSetBackend#commitLock}), so
   * a retried commit that arrives while the first is still running waits for it and then finds the
   * transaction in {@code committed} (ok, as on MongoDB) instead of answering 251, which would make
   * the driver's {@code withTransaction} run the whole transaction again.
   */
  private Document commit(Document query, CommandRunner backend) {
    TransactionId id = idOf(query);
    Open transaction = open.get(id.lsid());
    if (transaction == null || transaction.id().txnNumber() != id.txnNumber()) {
      Long last = committed.get(id.lsid());
      if (last != null && last == id.txnNumber()) {
        return new Document("ok", 1.0);
      }
      throw noSuchTransaction(id);
    }
    open.remove(id.lsid(), transaction);
    List<Held> writes;
    synchronized (transaction) {
      writes = List.copyOf(transaction.writes());
    }
    recorder.recordTransaction(
        id,
        () -> {
          for (Held write : writes) {
            failOnError(backend.run(write.db(), write.command(), write.query()));
          }
        });
    committed.put(id.lsid(), id.txnNumber());
    return new Document("ok", 1.0);
  }

  private Document abort(Document query) {
    TransactionId id = idOf(query);
    Open transaction = open.get(id.lsid());
    if (transaction == null || transaction.id().txnNumber() != id.txnNumber()) {
      throw noSuchTransaction(id);
    }
    open.remove(id.lsid(), transaction);
    return new Document("ok", 1.0);
  }

  /** What the write will do, counted on the committed data. */
  @SuppressWarnings("unchecked")
  private static Document reply(String db, String command, Document held, CommandRunner backend) {
    String coll = String.valueOf(held.get(command));
    switch (command) {
      case "insert":
        return new Document("n", ((List<?>) held.get("documents")).size()).append("ok", 1.0);
      case "delete":
        {
          long n = 0;
          for (Document delete : (List<Document>) held.get("deletes")) {
            long matches = count(db, coll, delete.get("q"), backend);
            n += isOne(delete.get("limit")) ? Math.min(1, matches) : matches;
          }
          return new Document("n", n).append("ok", 1.0);
        }
      default:
        {
          long n = 0;
          List<Document> upserted = new ArrayList<>();
          List<Document> updates = (List<Document>) held.get("updates");
          for (int i = 0; i < updates.size(); i++) {
            Document update = updates.get(i);
            long matches = count(db, coll, update.get("q"), backend);
            if (matches == 0 && Boolean.TRUE.equals(update.get("upsert"))) {
              upserted.add(new Document("index", i).append("_id", upsertId(update)));
            }
            n += Boolean.TRUE.equals(update.get("multi")) ? matches : Math.min(1, matches);
          }
          Document reply = new Document("n", n + upserted.size()).append("nModified", n);
          if (!upserted.isEmpty()) {
            reply.append("upserted", upserted);
          }
          return reply.append("ok", 1.0);
        }
    }
  }

  /**
   * The {@code _id} an upsert will insert: the filter's, or one chosen now and written into the
   * update so the commit inserts the document the reply named.
   */
  private static Object upsertId(Document update) {
    if (update.get("q") instanceof Document filter
        && filter.containsKey("_id")
        && !(filter.get("_id") instanceof Document)) {
      return filter.get("_id");
    }
    ObjectId id = new ObjectId();
    if (update.get("u") instanceof Document u) {
      boolean operators = u.keySet().stream().anyMatch(key -> key.startsWith("$"));
      if (!operators) {
        u.putIfAbsent("_id", id);
        return u.get("_id");
      }
      Document onInsert = (Document) u.computeIfAbsent("$setOnInsert", key -> new Document());
      onInsert.putIfAbsent("_id", id);
      return onInsert.get("_id");
    }
    return id;
  }

  private static long count(String db, String coll, Object filter, CommandRunner backend) {
    Document reply =
        backend.run(
            db,
            "count",
            new Document("count", coll).append("query", filter == null ? new Document() : filter));
    return reply.get("n") instanceof Number n ? n.longValue() : 0;
  }

  private static boolean isOne(Object limit) {
    return limit instanceof Number number && number.intValue() == 1;
  }

  /** A held write that fails at commit fails the commit (the writes before it stay applied). */
  @SuppressWarnings("unchecked")
  private static void failOnError(Document reply) {
    if (reply.get("writeErrors") instanceof List<?> errors && !errors.isEmpty()) {
      Document first = ((List<Document>) errors).get(0);
      throw new CommandException(
          first.get("code") instanceof Number code ? code.intValue() : 8,
          null,
          String.valueOf(first.get("errmsg")));
    }
    if (reply.get("ok") instanceof Number ok && ok.doubleValue() != 1.0) {
      throw new CommandException(
          reply.get("code") instanceof Number code ? code.intValue() : 8,
          null,
          String.valueOf(reply.get("errmsg")));
    }
  }

  private static TransactionId idOf(Document query) {
    if (!(query.get("lsid") instanceof Document lsid)
        || !(query.get("txnNumber") instanceof Number txnNumber)) {
      throw CommandException.badValue(
          "a transaction command needs lsid and txnNumber (start the transaction on a session)");
    }
    return new TransactionId(lsid, txnNumber.longValue());
  }

  /** MongoDB labels it transient: the whole transaction can be run again. */
  private static CommandException noSuchTransaction(TransactionId id) {
    return new CommandException(
        NO_SUCH_TRANSACTION,
        "NoSuchTransaction",
        "Transaction with { txnNumber: " + id.txnNumber() + " } has been aborted or not started",
        List.of("TransientTransactionError"));
  }
}
