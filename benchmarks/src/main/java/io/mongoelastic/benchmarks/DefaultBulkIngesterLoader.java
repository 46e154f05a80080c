package io.mongoelastic.benchmarks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a typical Java sink does: elasticsearch-java's {@link BulkIngester} with its default
 * settings (1,000 operations or 5 MB per request, one request in flight), each document handed over
 * as a map and serialised by the client's JSON mapper.
 */
public final class DefaultBulkIngesterLoader {
  private DefaultBulkIngesterLoader() {}

  /** Indexes documents 0..docs-1 into {@code index}; returns the elapsed nanoseconds. */
  public static long load(String url, String index, int docs) {
    AtomicLong failedItems = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    try (ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(url))) {
      long start = System.nanoTime();
      BulkIngester<Void> ingester =
          BulkIngester.of(
              b ->
                  b.client(client)
                      .listener(
                          new BulkListener<Void>() {
                            @Override
                            public void beforeBulk(
                                long id, BulkRequest request, List<Void> contexts) {}

                            @Override
                            public void afterBulk(
                                long id,
                                BulkRequest request,
                                List<Void> contexts,
                                BulkResponse response) {
                              for (BulkResponseItem item : response.items()) {
                                if (item.error() != null) {
                                  failedItems.incrementAndGet();
                                  firstError.compareAndSet(null, item.error().reason());
                                }
                              }
                            }

                            @Override
                            public void afterBulk(
                                long id, BulkRequest request, List<Void> contexts, Throwable f) {
                              failedItems.addAndGet(request.operations().size());
                              firstError.compareAndSet(null, String.valueOf(f));
                            }
                          }));
      for (int n = 0; n < docs; n++) {
        String id = DocumentGenerator.id(n);
        Map<String, Object> document = DocumentGenerator.fields(n);
        ingester.add(op -> op.index(i -> i.index(index).id(id).document(document)));
      }
      ingester.close();
      long elapsed = System.nanoTime() - start;
      if (failedItems.get() > 0) {
        throw new IllegalStateException(
            failedItems.get() + " BulkIngester items failed, first: " + firstError.get());
      }
      return elapsed;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("Cannot close the Elasticsearch client", e);
    }
  }
}
