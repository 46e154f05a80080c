package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;

/** Refreshes indices and tells whether one holds no document, counting unrefreshed writes. */
final class IndexEmptiness {
  private final ElasticsearchClient client;

  IndexEmptiness(ElasticsearchClient client) {
    this.client = client;
  }

  boolean isEmpty(String index) throws IOException {
    refresh(index);
    return client.count(c -> c.index(index).ignoreUnavailable(true)).count() == 0;
  }

  void refresh(String index) throws IOException {
    client.indices().refresh(r -> r.index(index).ignoreUnavailable(true));
  }
}
