package io.mongoelastic.sink.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexNameResolverTest {

  @Test
  void namesTheIndexLikeTheTopicByDefault() {
    IndexNameResolver resolver = new IndexNameResolver(null, Map.of());
    assertThat(resolver.resolve("mongodb.shop.orders")).isEqualTo("mongodb.shop.orders");
  }

  @Test
  void fillsThePatternWithTheTopic() {
    IndexNameResolver resolver = new IndexNameResolver("sync-${topic}-v1", Map.of());
    assertThat(resolver.resolve("Orders")).isEqualTo("sync-orders-v1");
  }

  @Test
  void usesExplicitMappingsAsGiven() {
    IndexNameResolver resolver = new IndexNameResolver("${topic}", Map.of("a.b", "orders-alias"));
    assertThat(resolver.resolve("a.b")).isEqualTo("orders-alias");
    assertThat(resolver.resolve("c")).isEqualTo("c");
  }

  @Test
  void returnsTheSameNameForTheSameTopic() {
    IndexNameResolver resolver = new IndexNameResolver("${topic}", Map.of());
    assertThat(resolver.resolve("_X")).isSameAs(resolver.resolve("_X")).isEqualTo("x");
  }

  @Test
  void makesNamesValid() {
    assertThat(IndexNameSanitizer.sanitize("My Topic")).isEqualTo("my_topic");
    assertThat(IndexNameSanitizer.sanitize("a\\b/c*d?e\"f<g>h|i,j#k:l"))
        .isEqualTo("a_b_c_d_e_f_g_h_i_j_k_l");
    assertThat(IndexNameSanitizer.sanitize("-_+.logs")).isEqualTo("logs");
    assertThat(IndexNameSanitizer.sanitize(".")).isEqualTo(IndexNameSanitizer.EMPTY_REPLACEMENT);
    assertThat(IndexNameSanitizer.sanitize("..")).isEqualTo(IndexNameSanitizer.EMPTY_REPLACEMENT);
    assertThat(IndexNameSanitizer.sanitize("ÜBER")).isEqualTo("über");
    for (String name : new String[] {"My Topic", "-x", "a:b", "..", "ÄÖ"}) {
      assertThat(IndexNameSanitizer.problemWith(IndexNameSanitizer.sanitize(name)))
          .as(name)
          .isEmpty();
    }
  }

  @Test
  void shortensLongNamesWithAHashThatKeepsThemApart() {
    String base = "é".repeat(200); // 400 bytes
    String first = IndexNameSanitizer.sanitize(base + "a");
    String second = IndexNameSanitizer.sanitize(base + "b");
    assertThat(first.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(first).isNotEqualTo(second).matches("é+-[0-9a-f]{16}");
    assertThat(IndexNameSanitizer.sanitize(base + "a")).isEqualTo(first);
    assertThat(IndexNameSanitizer.problemWith(first)).isEmpty();
    String ascii = "x".repeat(255);
    assertThat(IndexNameSanitizer.sanitize(ascii)).isEqualTo(ascii);
  }

  @Test
  void explainsWhatIsWrongWithAnInvalidName() {
    assertThat(IndexNameSanitizer.problemWith("Orders")).get().asString().contains("lower case");
    assertThat(IndexNameSanitizer.problemWith("_orders")).get().asString().contains("start");
    assertThat(IndexNameSanitizer.problemWith("a b")).get().asString().contains("cannot contain");
    assertThat(IndexNameSanitizer.problemWith("..")).isPresent();
    assertThat(IndexNameSanitizer.problemWith("")).isPresent();
    assertThat(IndexNameSanitizer.problemWith("x".repeat(256))).get().asString().contains("255");
    assertThat(IndexNameSanitizer.problemWith("orders-v1")).isEmpty();
  }
}
