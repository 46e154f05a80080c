package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/** Spells aggregation stages that mongo-java-server knows under other names. */
final class StageSpelling {
  private StageSpelling() {}

  /** {@code $set} as {@code $addFields}, {@code $replaceWith} as {@code $replaceRoot}. */
  static Document forEngine(Document stage) {
    if (stage.containsKey("$set")) {
      return new Document("$addFields", stage.get("$set"));
    }
    if (stage.containsKey("$replaceWith")) {
      return new Document("$replaceRoot", new Document("newRoot", stage.get("$replaceWith")));
    }
    return stage;
  }
}
