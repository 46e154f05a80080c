package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Reads and writes resync state documents with optimistic concurrency: every write carries the
 * {@code if_seq_no}/{@code if_primary_term} of the read it is based on, and a conflict (409) means
 * another task wrote first, so the caller re-reads and re-applies its transition. Gets are
 * real-time, so a read always sees the latest acknowledged write.
 */
final class ResyncStateStore {
  /** Not dot-prefixed: dot-prefixed names are reserved for system indices in 9.x. */
  static final String DEFAULT_INDEX = "mongoelastic-resync-state";

  private static final String INDEX_BODY =
      "{\"settings\":{\"index\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"}},"
          + "\"mappings\":{\"dynamic\":false,\"properties\":{"
          + "\"logical_index\":{\"type\":\"keyword\"},\"phase\":{\"type\":\"keyword\"},"
          + "\"pending_snapshot_id\":{\"type\":\"keyword\"},\"reason\":{\"type\":\"keyword\"},"
          + "\"updated_at\":{\"type\":\"date\"}}}}";
  private static final int MAX_ATTEMPTS = 50;

  private final ElasticsearchClient client;
  private final String index;
  private volatile boolean indexReady;

  ResyncStateStore(ElasticsearchClient client, String index) {
    this.client = client;
    this.index = index;
  }

  String index() {
    return index;
  }

  /** One stored state and the sequence number and primary term it was read at. */
  record Versioned(ResyncState state, long seqNo, long primaryTerm) {}

  Optional<Versioned> read(String logicalIndex) throws IOException {
    ensureIndex();
    GetResponse<ResyncState> response =
        client.get(g -> g.index(index).id(logicalIndex).realtime(true), ResyncState.class);
    if (!response.found() || response.source() == null) {
      return Optional.empty();
    }
    return Optional.of(new Versioned(response.source(), response.seqNo(), response.primaryTerm()));
  }

  /** Stores a first state unless one exists; returns the stored one either way. */
  /** Every stored state (up to 1,000); none when the state index does not exist yet. */
  List<ResyncState> all() throws IOException {
    var response =
        client.search(
            s -> s.index(index).size(1000).ignoreUnavailable(true).allowNoIndices(true),
            ResyncState.class);
    return response.hits().hits().stream()
        .map(hit -> hit.source())
        .filter(Objects::nonNull)
        .toList();
  }

  Versioned createOrRead(ResyncState state) throws IOException {
    ensureIndex();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        var response =
            client.index(
                i ->
                    i.index(index)
                        .id(state.logicalIndex())
                        .opType(OpType.Create)
                        .refresh(Refresh.True)
                        .document(state));
        return new Versioned(state, response.seqNo(), response.primaryTerm());
      } catch (ElasticsearchException e) {
        if (e.status() != 409) {
          throw e;
        }
      }
      Optional<Versioned> existing = read(state.logicalIndex());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    throw new IOException("Cannot create the resync state of " + state.logicalIndex());
  }

  /**
   * Writes {@code next} if the stored document is still the one {@code base} was read from.
   *
   * @return the written version, or empty when another writer came first
   */
  Optional<Versioned> replace(Versioned base, ResyncState next) throws IOException {
    try {
      var response =
          client.index(
              i ->
                  i.index(index)
                      .id(next.logicalIndex())
                      .ifSeqNo(base.seqNo())
                      .ifPrimaryTerm(base.primaryTerm())
                      .refresh(Refresh.True)
                      .document(next));
      return Optional.of(new Versioned(next, response.seqNo(), response.primaryTerm()));
    } catch (ElasticsearchException e) {
      if (e.status() == 409) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Reads, transforms and writes until the write wins; returns the state written (or the stored one
   * unchanged when the function returns its input).
   */
  Versioned update(String logicalIndex, UnaryOperator<ResyncState> change) throws IOException {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Versioned base =
          read(logicalIndex)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "No resync state for "
                              + logicalIndex
                              + " in "
                              + index
                              + "; call ensureLayout first"));
      ResyncState next = change.apply(base.state());
      if (next.equals(base.state())) {
        return base;
      }
      Optional<Versioned> written = replace(base, next);
      if (written.isPresent()) {
        return written.get();
      }
    }
    throw new IOException(
        "Gave up updating the resync state of "
            + logicalIndex
            + " after "
            + MAX_ATTEMPTS
            + " conflicting writes");
  }

  void delete(String logicalIndex) throws IOException {
    client.delete(d -> d.index(index).id(logicalIndex).refresh(Refresh.True));
  }

  private void ensureIndex() throws IOException {
    if (indexReady) {
      return;
    }
    boolean exists = client.indices().exists(e -> e.index(index)).value();
    if (!exists) {
      try {
        client.indices().create(c -> c.index(index).withJson(new StringReader(INDEX_BODY)));
      } catch (ElasticsearchException e) {
        if (!AlreadyExists.is(e)) {
          throw e;
        }
      }
    }
    indexReady = true;
  }
}
