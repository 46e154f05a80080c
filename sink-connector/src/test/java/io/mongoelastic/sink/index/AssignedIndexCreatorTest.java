package io.mongoelastic.sink.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignedIndexCreatorTest {
  private final IndexCreator creator = new IndexCreator(null, true, null);
  private final IndexNameResolver names = new IndexNameResolver(null, Map.of());

  @Test
  void appliesWhenTheIndexNameFollowsFromTheTopic() {
    try (AssignedIndexCreator early =
        AssignedIndexCreator.forTask(creator, names, true, false, null, "t")) {
      assertThat(early).isNotNull();
    }
    try (AssignedIndexCreator early =
        AssignedIndexCreator.forTask(creator, names, true, false, " ", "t")) {
      assertThat(early).isNotNull();
    }
  }

  @Test
  void staysOffWhenCreationIsOffOrTheNameDependsOnMoreThanTheTopic() {
    assertThat(AssignedIndexCreator.forTask(creator, names, false, false, null, "t")).isNull();
    assertThat(AssignedIndexCreator.forTask(creator, names, true, true, null, "t")).isNull();
    assertThat(AssignedIndexCreator.forTask(creator, names, true, false, "route", "t")).isNull();
  }
}
