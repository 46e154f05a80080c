package io.mongoelastic.source.snapshot;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A half-open range of {@code _id}s in MongoDB's sort order: {@code lower} inclusive, {@code upper}
 * exclusive, null meaning unbounded. Builds the per-bracket filters that read it.
 */
public record IdRange(BsonValue lower, BsonValue upper) {

  /** Brackets that can hold ids of this range, in sort order. */
  public List<IdBracket> brackets() {
    List<IdBracket> result = new ArrayList<>();
    for (IdBracket bracket : IdBracket.values()) {
      if (lower != null && bracket.compareTo(IdBracket.of(lower)) < 0) {
        continue;
      }
      if (bracket == IdBracket.OTHER) {
        // Unordered leftovers belong to the last range only.
        if (upper == null) {
          result.add(bracket);
        }
        continue;
      }
      if (upper != null && bracket.compareTo(IdBracket.of(upper)) > 0) {
        continue;
      }
      result.add(bracket);
    }
    return result;
  }

  /**
   * The filter reading {@code bracket} of this range after {@code after} (exclusive; null: from the
   * range's start).
   */
  public BsonDocument filter(IdBracket bracket, BsonValue after) {
    if (bracket == IdBracket.OTHER) {
      BsonArray known = new BsonArray();
      IdBracket.knownAliases().forEach(t -> known.add(new BsonString(t)));
      return new BsonDocument("_id", new BsonDocument("$not", new BsonDocument("$type", known)));
    }
    BsonArray types = new BsonArray();
    bracket.typeAliases().forEach(t -> types.add(new BsonString(t)));
    BsonDocument condition = new BsonDocument("$type", types);
    if (after != null) {
      if (!bracket.paged()) {
        // A bracket holding one value (or read in one query) was sent already.
        condition.put("$exists", org.bson.BsonBoolean.FALSE);
      } else {
        condition.put("$gt", after);
      }
    } else if (lower != null && IdBracket.of(lower) == bracket && bracket.paged()) {
      condition.put("$gte", lower);
    }
    if (upper != null && IdBracket.of(upper) == bracket) {
      if (bracket.singleValued()) {
        condition.put("$exists", org.bson.BsonBoolean.FALSE);
      } else {
        condition.put("$lt", upper);
      }
    }
    return new BsonDocument("_id", condition);
  }
}
