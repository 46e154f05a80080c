package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PhysicalIndexNamesTest {

  @Test
  void namesPhysicalIndicesByZeroPaddedGeneration() {
    assertThat(PhysicalIndexNames.physical("mongodb.shop.products", 1))
        .isEqualTo("mongodb.shop.products-000001");
    assertThat(PhysicalIndexNames.physical("a", 1234567)).isEqualTo("a-1234567");
  }

  @Test
  void recognisesOnlyItsOwnPhysicalIndices() {
    assertThat(PhysicalIndexNames.generationOf("shop", "shop-000042")).hasValue(42);
    assertThat(PhysicalIndexNames.isPhysicalOf("shop", "shop")).isFalse();
    assertThat(PhysicalIndexNames.isPhysicalOf("shop", "shop-products-000001")).isFalse();
    assertThat(PhysicalIndexNames.isPhysicalOf("shop", "shop-000001-000001")).isFalse();
    assertThat(PhysicalIndexNames.isPhysicalOf("s.op", "shop-000001")).isFalse();
  }

  @Test
  void refusesNamesElasticsearchWouldRefuse() {
    assertThatThrownBy(() -> PhysicalIndexNames.physical("x".repeat(250), 1))
        .hasMessageContaining("255 bytes");
    assertThatThrownBy(() -> PhysicalIndexNames.physical("x", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
