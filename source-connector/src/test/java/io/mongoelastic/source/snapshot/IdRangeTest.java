package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
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
}
