package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class RangeStreamTest {
  @Test
  void aRangeOverEveryIdNeedsNoMatch() {
    assertThat(RangeStream.match(new IdRange(null, null))).isNull();
  }

  @Test
  void matchesTheDocumentKeysOfTheRangeWithTheFiltersTheReadUses() {
    IdRange range = new IdRange(new BsonInt32(10), new BsonString("m"));

    BsonDocument match = RangeStream.match(range).getDocument("$match");

    var alternatives = match.getArray("$or");
    assertThat(alternatives).hasSize(range.brackets().size() + 1);
    for (int i = 0; i < range.brackets().size(); i++) {
      assertThat(alternatives.get(i).asDocument().get("documentKey._id"))
          .isEqualTo(range.filter(range.brackets().get(i), null).get("_id"));
    }
  }

  @Test
  void letsTheEventsEndingTheCollectionThroughTheirOwnAlternative() {
    IdRange range = new IdRange(new BsonInt32(10), new BsonInt32(20));

    var alternatives = RangeStream.match(range).getDocument("$match").getArray("$or");

    BsonDocument last = alternatives.get(alternatives.size() - 1).asDocument();
    assertThat(last.getDocument("operationType").getArray("$in"))
        .extracting(value -> value.asString().getValue())
        .containsExactlyInAnyOrder("drop", "rename", "dropDatabase", "invalidate");
  }
}
