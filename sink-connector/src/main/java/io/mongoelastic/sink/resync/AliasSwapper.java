package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves a logical name onto a new physical index in one {@code _aliases} request, so a search sees
 * either the old index or the new one, never both and never neither. Idempotent: it reads where the
 * alias points first, so repeating a swap that already happened (a crash before the state was
 * updated, or two tasks completing it at once) changes nothing.
 */
final class AliasSwapper {
  private static final int MAX_ATTEMPTS = 5;
  private final ElasticsearchClient client;

  AliasSwapper(ElasticsearchClient client) {
    this.client = client;
  }

  /**
   * Points {@code alias} at {@code target} only, as its write index. Every other index holding the
   * alias loses it; a legacy concrete index named {@code alias} is deleted in the same request (an
   * alias cannot share a name with an index).
   */
  void swap(String alias, String target) throws IOException {
    ElasticsearchException last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<Action> actions = actionsFor(alias, target, holders(alias));
      if (actions.isEmpty()) {
        return;
      }
      try {
        client.indices().updateAliases(u -> u.actions(actions));
        return;
      } catch (ElasticsearchException e) {
        // Another task may have swapped between our read and our request: read again.
        if (e.status() != 404) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /** The actions that leave the alias on {@code target} alone; empty when that is already so. */
  static List<Action> actionsFor(String alias, String target, Map<String, Boolean> holders) {
    boolean done =
        holders.size() == 1 && Boolean.TRUE.equals(holders.get(target)) && !target.equals(alias);
    if (done) {
      return List.of();
    }
    List<Action> actions = new ArrayList<>();
    actions.add(Action.of(a -> a.add(add -> add.index(target).alias(alias).isWriteIndex(true))));
    for (String index : holders.keySet()) {
      if (index.equals(target)) {
        continue;
      }
      if (index.equals(alias)) {
        actions.add(Action.of(a -> a.removeIndex(r -> r.index(index))));
      } else {
        actions.add(Action.of(a -> a.remove(r -> r.index(index).alias(alias).mustExist(false))));
      }
    }
    return actions;
  }

  /**
   * The indices the name resolves to, each mapped to whether it holds the alias (a legacy concrete
   * index of that name maps to false).
   */
  private Map<String, Boolean> holders(String alias) throws IOException {
    Map<String, IndexState> found =
        client
            .indices()
            .get(g -> g.index(alias).ignoreUnavailable(true).allowNoIndices(true))
            .indices();
    Map<String, Boolean> holders = new java.util.TreeMap<>();
    found.forEach((index, state) -> holders.put(index, state.aliases().containsKey(alias)));
    return holders;
  }
}
