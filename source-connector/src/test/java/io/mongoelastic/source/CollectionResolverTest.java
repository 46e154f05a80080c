package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CollectionResolverTest {
  private static final List<String> EXISTING = List.of("orders", "users", "system.views", "logs");

  @Test
  void takesEveryUserCollectionWhenNothingIsConfigured() {
    assertThat(CollectionResolver.select(List.of(), Optional.empty(), EXISTING))
        .containsExactly("logs", "orders", "users");
  }

  @Test
  void unitesListedNamesAndRegexMatches() {
    assertThat(
            CollectionResolver.select(
                List.of("later"), Optional.of(Pattern.compile("o.*")), EXISTING))
        .containsExactly("later", "orders");
  }
}
