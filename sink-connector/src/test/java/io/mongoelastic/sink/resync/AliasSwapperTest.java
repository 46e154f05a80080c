package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliasSwapperTest {

  @Test
  void movesTheAliasAndRemovesItFromEveryOtherIndexInOneRequest() {
    List<Action> actions =
        AliasSwapper.actionsFor("shop", "shop-000002", Map.of("shop-000001", true));

    assertThat(actions).hasSize(2);
    assertThat(actions.get(0).isAdd()).isTrue();
    assertThat(actions.get(0).add().index()).isEqualTo("shop-000002");
    assertThat(actions.get(0).add().isWriteIndex()).isTrue();
    assertThat(actions.get(1).isRemove()).isTrue();
    assertThat(actions.get(1).remove().index()).isEqualTo("shop-000001");
  }

  @Test
  void deletesALegacyIndexCarryingTheAliasName() {
    List<Action> actions = AliasSwapper.actionsFor("shop", "shop-000001", Map.of("shop", false));

    assertThat(actions).hasSize(2);
    assertThat(actions.get(1).isRemoveIndex()).isTrue();
    assertThat(actions.get(1).removeIndex().index()).isEqualTo("shop");
  }

  @Test
  void doesNothingWhenTheAliasAlreadyPointsToTheTarget() {
    assertThat(AliasSwapper.actionsFor("shop", "shop-000002", Map.of("shop-000002", true)))
        .isEmpty();
  }
}
