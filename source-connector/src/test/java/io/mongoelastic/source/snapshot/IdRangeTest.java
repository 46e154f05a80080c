package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class IdRangeTest {
  @Test
  void unboundedRangeWalksEveryBracketInMongoSortOrder() {
    assertThat(new IdRange(null, null).brackets()).containsExactly(IdBracket.values());
    assertThat(IdBracket.of(new BsonInt32(1))).isLessThan(IdBracket.of(new BsonString("a")));
    assertThat(IdBracket.of(new BsonString("a"))).isLessThan(IdBracket.of(new BsonObjectId()));
  }

  @Test
  void boundedRangeKeepsOnlyBracketsBetweenItsBounds() {
    IdRange range = new IdRange(new BsonInt32(10), new BsonString("m"));
    assertThat(range.brackets()).containsExactly(IdBracket.NUMBERS, IdBracket.STRINGS);
    assertThat(range.filter(IdBracket.NUMBERS, null).toJson())
        .contains("\"$gte\": 10")
        .doesNotContain("$lt");
    assertThat(range.filter(IdBracket.STRINGS, null).toJson())
        .contains("\"$lt\": \"m\"")
        .doesNotContain("$gte");
  }

  @Test
  void continuesAfterTheLastIdInsideItsBracket() {
    BsonDocument filter = new IdRange(null, null).filter(IdBracket.NUMBERS, new BsonInt32(7));
    assertThat(filter.getDocument("_id").get("$gt")).isEqualTo(new BsonInt32(7));
    assertThat(filter.getDocument("_id").getArray("$type").getValues())
        .extracting(v -> v.asString().getValue())
        .containsAll(List.of("int", "long", "double", "decimal"));
  }

  @Test
  void aRangeEndingAtTheHighestIdReadsItMaxKeyAndTheUnorderedBracketButNoOtherBracketAbove() {
    IdRange range = new IdRange(new BsonInt32(10), null).through(new BsonObjectId(HIGHEST));
    assertThat(range.brackets())
        .containsExactly(
            IdBracket.NUMBERS,
            IdBracket.STRINGS,
            IdBracket.OBJECTS,
            IdBracket.BINARY,
            IdBracket.OBJECT_ID,
            IdBracket.MAX_KEY,
            IdBracket.OTHER);
    assertThat(range.filter(IdBracket.MAX_KEY, null).getDocument("_id"))
        .doesNotContainKeys("$exists", "$lte");
    assertThat(range.filter(IdBracket.OBJECT_ID, null).getDocument("_id").get("$lte"))
        .isEqualTo(new BsonObjectId(HIGHEST));
    assertThat(range.filter(IdBracket.OBJECT_ID, new BsonObjectId(LOWER)).getDocument("_id"))
        .containsEntry("$gt", new BsonObjectId(LOWER))
        .containsEntry("$lte", new BsonObjectId(HIGHEST));
    assertThat(range.filter(IdBracket.STRINGS, null).getDocument("_id"))
        .doesNotContainKeys("$lt", "$lte", "$gte");
  }

  @Test
  void aRangeEndingAtASingleValuedHighestIdReadsThatValue() {
    IdRange range = new IdRange(null, null).through(new BsonNull());
    assertThat(range.brackets())
        .containsExactly(IdBracket.MIN_KEY, IdBracket.NULL, IdBracket.MAX_KEY, IdBracket.OTHER);
    assertThat(range.filter(IdBracket.NULL, null).getDocument("_id")).doesNotContainKey("$exists");
  }

  @Test
  void theEmptyRangeHasNoBracketToRead() {
    assertThat(IdRange.NONE.isEmpty()).isTrue();
    assertThat(IdRange.NONE.brackets()).isEmpty();
    assertThat(new IdRange(null, null).isEmpty()).isFalse();
  }

  @Test
  void aBoundAtAnUnorderedOrMaxKeyIdLeavesTheLastRangeOpen() {
    assertThat(SnapshotBound.of(new BsonJavaScript("f()"))).isNull();
    assertThat(SnapshotBound.of(new BsonMaxKey())).isNull();
    assertThat(SnapshotBound.of(null)).isEqualTo(SnapshotBound.EMPTY);
    assertThat(SnapshotBound.EMPTY.limit(new IdRange(new BsonInt32(3), null)))
        .isEqualTo(IdRange.NONE);
    assertThat(SnapshotBound.ofIds(SnapshotBound.of(new BsonInt32(4)).ids()))
        .isEqualTo(new SnapshotBound(new BsonInt32(4)));
  }

  private static final ObjectId LOWER = new ObjectId("6553f1000000000000000001");
  private static final ObjectId HIGHEST = new ObjectId("6553f1000000000000000009");
}
