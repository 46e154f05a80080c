package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds {@code keyPattern} and {@code keyValue} to the DuplicateKey (11000) write errors of an
 * {@code insert}, as MongoDB (4.2+) sends them: the key pattern of the violated index and the
 * inserted document's values for it. mongo-java-server sends only the message.
 */
final class DuplicateKeyDetails {
  private static final int DUPLICATE_KEY = 11000;
  private static final Pattern INDEX_NAME = Pattern.compile(" index: (\\S+) dup key");

  private DuplicateKeyDetails() {}

  @SuppressWarnings("unchecked")
  static Document addTo(String db, Document insert, Document reply, CommandRunner backend) {
    if (!(reply.get("writeErrors") instanceof List<?> errors) || errors.isEmpty()) {
      return reply;
    }
    List<Document> documents = (List<Document>) insert.get("documents");
    List<Document> indexes = null;
    for (Document error : (List<Document>) errors) {
      Matcher name = INDEX_NAME.matcher(String.valueOf(error.get("errmsg")));
      if (!(error.get("code") instanceof Number code)
          || code.intValue() != DUPLICATE_KEY
          || error.containsKey("keyPattern")
          || !(error.get("index") instanceof Number position)
          || position.intValue() >= documents.size()
          || !name.find()) {
        continue;
      }
      if (indexes == null) {
        Document listed =
            backend.run(db, "listIndexes", new Document("listIndexes", insert.get("insert")));
        indexes = (List<Document>) ((Document) listed.get("cursor")).get("firstBatch");
      }
      Document keyPattern = keyPattern(indexes, name.group(1));
      if (keyPattern != null) {
        Document document = documents.get(position.intValue());
        Document keyValue = new Document();
        for (Map.Entry<String, Object> key : keyPattern.entrySet()) {
          Object value = Utils.getSubdocumentValue(document, key.getKey());
          keyValue.put(key.getKey(), value instanceof Missing ? null : value);
        }
        error.put("keyPattern", keyPattern);
        error.put("keyValue", keyValue);
      }
    }
    return reply;
  }

  private static Document keyPattern(List<Document> indexes, String name) {
    for (Document index : indexes) {
      if (name.equals(index.get("name"))) {
        return (Document) index.get("key");
      }
    }
    return null;
  }
}
