package io.mongoelastic.source.snapshot;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonValue;

/**
 * Split points taken as quantiles of a random sample of {@code _id}s, sorted by the server in
 * MongoDB's order. Each split point is the first id of a range, so the ranges {@code [-inf, s1),
 * [s1, s2) … [sn, +inf)} cover every id exactly once whatever the sample holds: a sample only
 * decides how even the ranges are, never which documents they contain.
 */
public final class SampleQuantiles {
  private SampleQuantiles() {}

  /**
   * At most {@code ranges - 1} strictly increasing split points from {@code sortedSample}; fewer
   * when the sample holds fewer distinct ids, none when it is empty or {@code ranges < 2}. Ids of
   * the unordered {@link IdBracket#OTHER} bracket, and ids of a bracket sorting before the previous
   * split point's, are never split points: a range bound must order every id against it.
   */
  public static List<BsonValue> splitPoints(List<BsonValue> sortedSample, int ranges) {
    List<BsonValue> usable = new ArrayList<>(sortedSample.size());
    for (BsonValue id : sortedSample) {
      if (IdBracket.of(id) != IdBracket.OTHER) {
        usable.add(id);
      }
    }
    List<BsonValue> splits = new ArrayList<>();
    if (ranges < 2 || usable.isEmpty()) {
      return splits;
    }
    for (int i = 1; i < ranges; i++) {
      BsonValue candidate = usable.get((int) ((long) i * usable.size() / ranges));
      BsonValue previous = splits.isEmpty() ? null : splits.get(splits.size() - 1);
      if (previous == null
          || (!candidate.equals(previous)
              && IdBracket.of(candidate).compareTo(IdBracket.of(previous)) >= 0)) {
        splits.add(candidate);
      }
    }
    return splits;
  }
}
