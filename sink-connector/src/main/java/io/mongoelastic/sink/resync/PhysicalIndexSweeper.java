package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes physical indices of a logical name that the state no longer references: an old index
 * whose deletion a crash interrupted, an abandoned pending index, or one a task with a stale view
 * re-created by writing to it. Lists first and reads the state after, so an index claimed and
 * created by another task meanwhile is seen in the state and kept.
 */
final class PhysicalIndexSweeper {
  private static final Logger log = LoggerFactory.getLogger(PhysicalIndexSweeper.class);
  private final ElasticsearchClient client;
  private final ResyncStateStore store;

  PhysicalIndexSweeper(ElasticsearchClient client, ResyncStateStore store) {
    this.client = client;
    this.store = store;
  }

  /** Returns the names deleted. */
  List<String> sweep(String logical) throws IOException {
    Set<String> existing = AliasedIndex.physicalIndices(client, logical);
    if (existing.isEmpty()) {
      return List.of();
    }
    ResyncState state = store.read(logical).map(ResyncStateStore.Versioned::state).orElse(null);
    if (state == null) {
      return List.of();
    }
    List<String> orphans = new ArrayList<>();
    for (String index : existing) {
      long generation = PhysicalIndexNames.generationOf(logical, index).orElse(Long.MAX_VALUE);
      boolean referenced =
          index.equals(state.currentIndex())
              || index.equals(state.pendingIndex())
              || state.retainedIndices().contains(index)
              // claimed by a transition this read predates: never ours to judge
              || generation >= state.nextGeneration();
      if (!referenced) {
        orphans.add(index);
      }
    }
    for (String orphan : orphans) {
      client.indices().delete(d -> d.index(orphan).ignoreUnavailable(true));
      log.info("Deleted index {}, no longer used by {}", orphan, logical);
    }
    return orphans;
  }
}
