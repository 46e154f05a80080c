package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringSetMatchTest {
  private static Document event(String coll) {
    return new Document("operationType", "insert").append("ns", new Document("coll", coll));
  }

  private static StringSetMatch members(String... names) {
    List<Object> in = List.of((Object[]) names);
    return StringSetMatch.of(
        new Document(
            "$or",
            List.of(
                new Document("ns.coll", new Document("$in", in)),
                new Document("to.coll", new Document("$in", in)),
                new Document("operationType", "invalidate"))));
  }

  @Test
  void passesEventsOfNamedCollectionsAndRenamesOntoThem() {
    StringSetMatch match = members("a", "b");

    assertThat(match.test(event("a"))).isTrue();
    assertThat(match.test(event("c"))).isFalse();
    assertThat(
            match.test(
                event("c")
                    .append("operationType", "rename")
                    .append("to", new Document("coll", "b"))))
        .isTrue();
    assertThat(match.test(new Document("operationType", "invalidate"))).isTrue();
  }

  @Test
  void aMissingOrNonStringValueMatchesNoString() {
    StringSetMatch match = members("a");

    assertThat(match.test(new Document("operationType", "dropDatabase"))).isFalse();
    assertThat(match.test(new Document("ns", new Document("coll", 7)))).isFalse();
    assertThat(match.test(new Document("ns", "a"))).isFalse();
  }

  @Test
  void leavesArraysToTheEngine() {
    StringSetMatch match = members("a");

    assertThat(match.test(new Document("ns", new Document("coll", List.of("a"))))).isNull();
    assertThat(match.test(new Document("ns", List.of(new Document("coll", "a"))))).isNull();
    // Another branch that matches decides without the engine.
    assertThat(
            match.test(
                new Document("ns", List.of(new Document("coll", "x")))
                    .append("operationType", "invalidate")))
        .isTrue();
  }

  @Test
  void otherFiltersAreLeftToTheEngine() {
    assertThat(StringSetMatch.of(new Document("ns.coll", new Document("$in", List.of("a", 1)))))
        .isNull();
    assertThat(StringSetMatch.of(new Document("ns.coll", new Document("$ne", "a")))).isNull();
    assertThat(StringSetMatch.of(new Document("$and", List.of()))).isNull();
    assertThat(StringSetMatch.of(new Document("ns.coll", "a").append("operationType", "insert")))
        .isNull();
    assertThat(StringSetMatch.of(new Document("n", 1))).isNull();
  }
}
