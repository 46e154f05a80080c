package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonInt32;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class SampleQuantilesTest {
  private static List<BsonValue> ints(int from, int to) {
    List<BsonValue> ids = new ArrayList<>();
    for (int i = from; i < to; i++) {
      ids.add(new BsonInt32(i));
    }
    return ids;
  }

  @Test
  void evenSampleGivesEvenQuantiles() {
    assertThat(SampleQuantiles.splitPoints(ints(0, 400), 4))
        .containsExactly(new BsonInt32(100), new BsonInt32(200), new BsonInt32(300));
  }

  @Test
  void skewedIdsAreSplitWhereTheDocumentsAre() {
    // 90 % of the ids lie between 0 and 90, the rest are spread up to a million.
    List<BsonValue> sample = ints(0, 90);
    for (int i = 1; i <= 10; i++) {
      sample.add(new BsonInt32(i * 100_000));
    }
    List<BsonValue> splits = SampleQuantiles.splitPoints(sample, 4);
    assertThat(splits).containsExactly(new BsonInt32(25), new BsonInt32(50), new BsonInt32(75));
  }

  @Test
  void mixedTypesSplitAcrossBracketsInSortOrder() {
    List<BsonValue> sample = new ArrayList<>();
    sample.add(BsonNull.VALUE);
    sample.addAll(ints(0, 3));
    List<BsonValue> strings = List.of(new BsonString("a"), new BsonString("b"));
    sample.addAll(strings);
    BsonObjectId oid = new BsonObjectId(new ObjectId());
    sample.add(oid);
    sample.add(new BsonObjectId(new ObjectId()));

    List<BsonValue> splits = SampleQuantiles.splitPoints(sample, 4);

    assertThat(splits).containsExactly(new BsonInt32(1), new BsonString("a"), oid);
    for (int i = 1; i < splits.size(); i++) {
      assertThat(IdBracket.of(splits.get(i)))
          .isGreaterThanOrEqualTo(IdBracket.of(splits.get(i - 1)));
    }
  }

  @Test
  void repeatedIdsGiveFewerDistinctSplitPoints() {
    List<BsonValue> sample = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sample.add(new BsonInt32(7));
    }
    sample.add(new BsonInt32(8));
    assertThat(SampleQuantiles.splitPoints(sample, 8)).containsExactly(new BsonInt32(7));
  }

  @Test
  void fewerIdsThanRangesGiveAtMostOneSplitPerId() {
    assertThat(SampleQuantiles.splitPoints(ints(0, 2), 10))
        .containsExactly(new BsonInt32(0), new BsonInt32(1));
  }

  @Test
  void emptySampleOrSingleRangeGivesNoSplitPoints() {
    assertThat(SampleQuantiles.splitPoints(List.of(), 4)).isEmpty();
    assertThat(SampleQuantiles.splitPoints(ints(0, 100), 1)).isEmpty();
  }

  @Test
  void unorderedIdTypesAreNeverSplitPoints() {
    List<BsonValue> sample = List.of(new BsonSymbol("s"), new BsonSymbol("t"));
    assertThat(SampleQuantiles.splitPoints(sample, 3)).isEmpty();
  }

  @Test
  void sampleSizeStaysUnderTheRandomCursorShare() {
    assertThat(SplitPointFinder.sampleSize(10_000_000, 4)).isEqualTo(4_000);
    assertThat(SplitPointFinder.sampleSize(2_001, 4)).isEqualTo(100);
    assertThat(SplitPointFinder.sampleSize(40, 4)).isEqualTo(4);
  }
}
