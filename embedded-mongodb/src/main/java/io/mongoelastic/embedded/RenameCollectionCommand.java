package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * {@code renameCollection} as MongoDB runs it: 26 NamespaceNotFound for a missing source, 48
 * NamespaceExists for an existing target without {@code dropTarget}; a target replaced with {@code
 * dropTarget} is dropped without an event of its own, so watchers see one {@code rename} (streams
 * on the source and on the target are then invalidated), and the catalog moves the source's UUID.
 */
final class RenameCollectionCommand {
  private final ChangeRecorder recorder;
  private final BiPredicate<String, String> exists;
  private final BiConsumer<String, String> dropWithoutEvent;

  RenameCollectionCommand(
      ChangeRecorder recorder,
      BiPredicate<String, String> exists,
      BiConsumer<String, String> dropWithoutEvent) {
    this.recorder = recorder;
    this.exists = exists;
    this.dropWithoutEvent = dropWithoutEvent;
  }

  /**
   * @param backend runs mongo-java-server's own rename
   */
  Document run(String command, Document query, CommandRunner backend) {
    String from = query.get(command).toString();
    String to = query.get("to").toString();
    String fromDb = Utils.getDatabaseNameFromFullName(from);
    String fromColl = Utils.getCollectionNameFromFullName(from);
    String toDb = Utils.getDatabaseNameFromFullName(to);
    String toColl = Utils.getCollectionNameFromFullName(to);
    if (!exists.test(fromDb, fromColl)) {
      throw new CommandException(
          26, "NamespaceNotFound", "Source collection " + from + " does not exist");
    }
    if (from.equals(to)) {
      return new Document("ok", 1.0);
    }
    if (exists.test(toDb, toColl)) {
      if (!Utils.isTrue(query.get("dropTarget"))) {
        throw new CommandException(48, "NamespaceExists", "Target namespace exists");
      }
      dropWithoutEvent.accept(toDb, toColl);
    }
    Document plain = new Document(query);
    plain.remove("dropTarget");
    Document reply = backend.run("admin", command, plain);
    recorder.rename(fromDb, fromColl, toDb, toColl);
    return reply;
  }
}
