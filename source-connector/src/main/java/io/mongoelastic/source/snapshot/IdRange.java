package io.mongoelastic.source.snapshot;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonMinKey;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A range of {@code _id}s in MongoDB's sort order: {@code lower} inclusive, {@code upper} exclusive
 * (or inclusive with {@code upperIncluded}), null meaning unbounded. Builds the per-bracket filters
 * that read it.
 *
 * <p>The ids of the unordered {@link IdBracket#OTHER} bracket and {@code MaxKey} belong to the last
 * range of a snapshot: the one without an upper end, or the one ending inclusively at the highest
 * {@code _id} of the other brackets (see {@link SnapshotBound}), since no bound orders them.
 *
 * @param upperIncluded whether {@code upper} itself is in the range: only the last range read by a
 *     snapshot bounded by the collection's highest id ends so
 */
public record IdRange(BsonValue lower, BsonValue upper, boolean upperIncluded) {
  /** No id at all: {@code [MinKey, MinKey)}, what a snapshot of an empty collection reads. */
  public static final IdRange NONE = new IdRange(new BsonMinKey(), new BsonMinKey());

  /** The half-open range {@code [lower, upper)}. */
  public IdRange(BsonValue lower, BsonValue upper) {
    this(lower, upper, false);
  }

  /** This range ending at {@code highest} inclusive: the part of a last range a snapshot reads. */
  public IdRange through(BsonValue highest) {
    return new IdRange(lower, highest, true);
  }

  /** Whether the range holds no id: {@code [x, x)}. */
  public boolean isEmpty() {
    return upper != null && !upperIncluded && upper.equals(lower);
  }

  /** Brackets that can hold ids of this range, in sort order. */
  public List<IdBracket> brackets() {
    List<IdBracket> result = new ArrayList<>();
    if (isEmpty()) {
      return result;
    }
    for (IdBracket bracket : IdBracket.values()) {
      if (lower != null && bracket.compareTo(IdBracket.of(lower)) < 0) {
        continue;
      }
      if (bracket == IdBracket.OTHER) {
        // Unordered leftovers belong to the last range only.
        if (upper == null || upperIncluded) {
          result.add(bracket);
        }
        continue;
      }
      if (upper != null
          && bracket.compareTo(IdBracket.of(upper)) > 0
          && !(upperIncluded && bracket == IdBracket.MAX_KEY)) {
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
        condition.put("$exists", BsonBoolean.FALSE);
      } else {
        condition.put("$gt", after);
      }
    } else if (lower != null && IdBracket.of(lower) == bracket && bracket.paged()) {
      condition.put("$gte", lower);
    }
    if (upper != null && IdBracket.of(upper) == bracket) {
      if (upperIncluded) {
        if (bracket.paged()) {
          condition.put("$lte", upper);
        }
      } else if (bracket.singleValued()) {
        condition.put("$exists", BsonBoolean.FALSE);
      } else {
        condition.put("$lt", upper);
      }
    }
    return new BsonDocument("_id", condition);
  }
}
