package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

  @Test
  void refusesAViewOrTimeSeriesCollectionNamedExplicitly() {
    Map<String, String> others = Map.of("recent", "view", "weather", "timeseries");
    assertThat(CollectionResolver.explicitlyNamedProblem(List.of("orders", "recent"), others))
        .get()
        .asString()
        .contains("mongodb.collections", "recent (view)")
        .doesNotContain("weather");
    assertThat(CollectionResolver.explicitlyNamedProblem(List.of("weather"), others))
        .get()
        .asString()
        .contains("weather (time-series collection)");
    assertThat(CollectionResolver.explicitlyNamedProblem(List.of("orders"), others)).isEmpty();
  }
}
