package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.function.BiPredicate;

/**
 * The {@code changeStreamPreAndPostImages} option of {@code create} and {@code collMod}, which
 * mongo-java-server does not know: it is taken off the command and handed to the {@link
 * ChangeRecorder}. {@code collMod} accepts no other option here.
 */
final class PrePostImageCommands {
  private static final String OPTION = "changeStreamPreAndPostImages";

  private final ChangeRecorder recorder;
  private final BiPredicate<String, String> exists;

  PrePostImageCommands(ChangeRecorder recorder, BiPredicate<String, String> exists) {
    this.recorder = recorder;
    this.exists = exists;
  }

  /**
   * @param backend runs mongo-java-server's own {@code create}
   */
  Document create(String db, String command, Document query, CommandRunner backend) {
    Document plain = new Document(query);
    Object images = plain.remove(OPTION);
    Document reply = backend.run(db, command, plain);
    if (images instanceof Document option) {
      recorder.setPrePostImages(
          db, query.get(command).toString(), Utils.isTrue(option.get("enabled")));
    }
    return reply;
  }

  Document collMod(String db, Document query) {
    String coll = query.get("collMod").toString();
    if (!exists.test(db, coll)) {
      throw new CommandException(26, "NamespaceNotFound", "ns does not exist: " + db + "." + coll);
    }
    for (String key : query.keySet()) {
      if (!key.equals("collMod")
          && !key.startsWith("$")
          && !key.equals("lsid")
          && !key.equals(OPTION)
          && !key.equals("writeConcern")) {
        throw new CommandException(
            40415, "IDLUnknownField", "collMod option '" + key + "' is not supported here");
      }
    }
    if (query.get(OPTION) instanceof Document option) {
      recorder.setPrePostImages(db, coll, Utils.isTrue(option.get("enabled")));
    }
    return new Document("ok", 1.0);
  }
}
