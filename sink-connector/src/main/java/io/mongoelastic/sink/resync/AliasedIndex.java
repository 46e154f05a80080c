package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.CreateIndexRequest;
import co.elastic.clients.elasticsearch.indices.GetIndexResponse;
import co.elastic.clients.elasticsearch.indices.IndexState;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alias-first layout of one logical index: users query the logical name, an alias whose write
 * index is the physical index {@code <logical>-<generation>}.
 *
 * <p>{@link #ensure(String)} is idempotent and safe when several tasks call it at once: creating an
 * index that exists counts as success, and the first state document written wins. What it finds
 * decides the starting point:
 *
 * <ul>
 *   <li>nothing: creates {@code <logical>-000001} with the alias as its write index (one request,
 *       so the alias never exists without its index);
 *   <li>an alias (its state document lost, or made by an operator): adopts its write index (or its
 *       only index) as current;
 *   <li>a legacy concrete index named like the logical name: adopts it as generation 0 and leaves
 *       it in place. An alias cannot share a name with an index, so the first resync replaces it in
 *       one {@code _aliases} request that removes the legacy index ({@code remove_index}) and adds
 *       the alias to the new index.
 * </ul>
 */
public final class AliasedIndex {
  private static final Logger log = LoggerFactory.getLogger(AliasedIndex.class);

  private final ElasticsearchClient client;
  private final ResyncStateStore store;
  private final String creationBody;
  private final Clock clock;

  AliasedIndex(
      ElasticsearchClient client, ResyncStateStore store, String creationBody, Clock clock) {
    this.client = client;
    this.store = store;
    this.creationBody = creationBody;
    this.clock = clock;
  }

  /** Makes sure the layout and its state document exist; returns the stored state. */
  ResyncStateStore.Versioned ensure(String logical) throws IOException {
    Optional<ResyncStateStore.Versioned> stored = store.read(logical);
    if (stored.isPresent()) {
      return stored.get();
    }
    ResyncState initial = discover(logical);
    ResyncStateStore.Versioned written = store.createOrRead(initial);
    if (written.state().equals(initial)) {
      log.info(
          "Index {} is served by the alias layout; current physical index {}",
          logical,
          initial.currentIndex());
    }
    return written;
  }

  /** Creates a physical index for the logical name, or accepts it when it exists. */
  void createPhysical(String physical, String alias) throws IOException {
    CreateIndexRequest request =
        CreateIndexRequest.of(
            c -> {
              if (creationBody != null && !creationBody.isBlank()) {
                c.withJson(new StringReader(creationBody));
              }
              c.index(physical);
              if (alias != null) {
                c.aliases(alias, a -> a.isWriteIndex(true));
              }
              return c;
            });
    try {
      client.indices().create(request);
      log.info("Created index {}", physical);
    } catch (ElasticsearchException e) {
      if (!AlreadyExists.is(e)) {
        throw e;
      }
    }
  }

  /** Deletes a physical index; a missing one is fine. */
  void deletePhysical(String physical) throws IOException {
    client.indices().delete(d -> d.index(physical).ignoreUnavailable(true));
    log.info("Deleted index {}", physical);
  }

  private ResyncState discover(String logical) throws IOException {
    GetIndexResponse found =
        client.indices().get(g -> g.index(logical).ignoreUnavailable(true).allowNoIndices(true));
    Map<String, IndexState> indices = found.indices();
    if (indices.isEmpty()) {
      String first = PhysicalIndexNames.physical(logical, 1);
      createPhysical(first, logical);
      return ResyncState.idle(logical, first, 1, clock.instant());
    }
    if (indices.containsKey(logical)) {
      log.warn(
          "Index {} is a plain index, not an alias: adopting it as it is. The first resync"
              + " replaces it with an aliased index of the same name (and deletes it).",
          logical);
      return ResyncState.idle(logical, logical, 0, clock.instant());
    }
    String current = writeIndexOf(logical, indices);
    long generation = PhysicalIndexNames.generationOf(logical, current).orElse(0);
    log.info("Alias {} exists without resync state: adopting {} as current", logical, current);
    return ResyncState.adopted(
        logical,
        current,
        generation,
        Math.max(generation, highestGeneration(logical)) + 1,
        clock.instant());
  }

  private static String writeIndexOf(String alias, Map<String, IndexState> indices) {
    if (indices.size() == 1) {
      return indices.keySet().iterator().next();
    }
    for (Map.Entry<String, IndexState> entry : indices.entrySet()) {
      var definition = entry.getValue().aliases().get(alias);
      if (definition != null && Boolean.TRUE.equals(definition.isWriteIndex())) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException(
        "Alias "
            + alias
            + " points to several indices "
            + indices.keySet()
            + " and none is its write index; set is_write_index on the one to write to");
  }

  private long highestGeneration(String logical) throws IOException {
    long highest = 0;
    for (String name : physicalIndices(client, logical)) {
      highest = Math.max(highest, PhysicalIndexNames.generationOf(logical, name).orElse(0));
    }
    return highest;
  }

  /** The names of all existing physical indices of a logical name, sorted. */
  static SortedSet<String> physicalIndices(ElasticsearchClient client, String logical)
      throws IOException {
    var response =
        client
            .indices()
            .get(g -> g.index(logical + "-*").allowNoIndices(true).ignoreUnavailable(true));
    SortedSet<String> out = new TreeSet<>();
    for (String name : response.indices().keySet()) {
      if (PhysicalIndexNames.isPhysicalOf(logical, name)) {
        out.add(name);
      }
    }
    return out;
  }
}
