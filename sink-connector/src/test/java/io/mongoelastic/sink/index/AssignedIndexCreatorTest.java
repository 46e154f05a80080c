package io.mongoelastic.sink.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignedIndexCreatorTest {
  private final IndexCreator creator = new IndexCreator(null, true, null);
  private final IndexNameResolver names = new IndexNameResolver(null, Map.of());
  private final AssignedTopicIndices fromTopics = new AssignedTopicIndices(names, null);

  @Test
  void appliesWhenTheIndexNameFollowsFromTheTopic() {
    try (AssignedIndexCreator early =
        AssignedIndexCreator.forTask(creator, fromTopics, true, false, "t")) {
      assertThat(early).isNotNull();
    }
  }

  @Test
  void staysOffWhenCreationIsOffOrTheNameDependsOnMoreThanTheTopic() {
    assertThat(AssignedIndexCreator.forTask(creator, fromTopics, false, false, "t")).isNull();
    assertThat(AssignedIndexCreator.forTask(creator, fromTopics, true, true, "t")).isNull();
    assertThat(
            AssignedIndexCreator.forTask(
                creator, new AssignedTopicIndices(names, "route"), true, false, "t"))
        .isNull();
  }
}
