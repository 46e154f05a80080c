package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;

/** Tells whether an index holds no document, counting writes not yet refreshed. */
final class IndexEmptiness {
  private final ElasticsearchClient client;

  IndexEmptiness(ElasticsearchClient client) {
    this.client = client;
  }

  boolean isEmpty(String index) throws IOException {
    client.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
    return client.count(c -> c.index(index).ignoreUnavailable(true)).count() == 0;
  }
}
