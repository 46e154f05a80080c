package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fragment layout of MongoDB's split helper, on small events and a small fragment limit. */
class ChangeEventSplitterTest {
  private static final ResumeToken TOKEN = ResumeToken.event(42L << 32 | 7);

  private static Document event() {
    return new Document("_id", TOKEN.toDocument())
        .append("operationType", "update")
        .append("big", "b".repeat(300))
        .append("medium", "m".repeat(150))
        .append("huge", "h".repeat(400))
        .append("ns", new Document("db", "d").append("coll", "c"));
  }

  @Test
  void packsFieldsBySizeSoTheFirstFragmentHoldsTheMostFields() {
    List<ChangeEventSplitter.Fragment> fragments = ChangeEventSplitter.split(event(), TOKEN, 600);

    assertThat(fragments).hasSize(3);
    assertThat(fragments.get(0).document().keySet())
        .containsExactly("_id", "splitEvent", "operationType", "ns", "medium");
    assertThat(fragments.get(1).document().keySet()).containsExactly("_id", "splitEvent", "big");
    assertThat(fragments.get(2).document().keySet()).containsExactly("_id", "splitEvent", "huge");
    for (int i = 0; i < fragments.size(); i++) {
      Document fragment = fragments.get(i).document();
      assertThat(fragment.get("splitEvent"))
          .isEqualTo(new Document("fragment", i + 1).append("of", 3));
      assertThat(fragment.get("_id")).isEqualTo(TOKEN.fragment(i).toDocument());
      assertThat(fragments.get(i).sizeBytes())
          .isEqualTo(BsonSize.of(fragment))
          .isLessThanOrEqualTo(600);
    }
  }

  @Test
  void fragmentTokensSortAfterTheEventAndBeforeTheNextOne() {
    String event = (String) TOKEN.toDocument().get("_data");
    String first = (String) TOKEN.fragment(0).toDocument().get("_data");
    String second = (String) TOKEN.fragment(1).toDocument().get("_data");
    String next = (String) ResumeToken.event((42L << 32 | 7) + 1).toDocument().get("_data");

    assertThat(event).isLessThan(first);
    assertThat(first).isLessThan(second);
    assertThat(second).isLessThan(next);
    assertThat(ResumeToken.parse(TOKEN.fragment(1).toDocument())).isEqualTo(TOKEN.fragment(1));
  }

  @Test
  void failsWhenOneFieldAloneExceedsTheFragmentLimit() {
    assertThatThrownBy(() -> ChangeEventSplitter.split(event(), TOKEN, 300))
        .isInstanceOfSatisfying(
            CommandException.class, e -> assertThat(e.getCode()).isEqualTo(7182500));
  }
}
