package io.mongoelastic.e2e;

import io.mongoelastic.harness.ElasticsearchProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the documents visible through an alias at a fixed interval, the way a searching user would
 * (no refresh), and keeps every answer: the counts, and any failed search.
 */
final class AliasPoller implements AutoCloseable {
  private final ElasticsearchProbe elasticsearch;
  private final String alias;
  private final List<Long> counts = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  AliasPoller(ElasticsearchProbe elasticsearch, String alias, Duration interval) {
    this.elasticsearch = elasticsearch;
    this.alias = alias;
    this.thread =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "alias-poller-" + alias);
    sample();
    thread.start();
  }

  private void sample() {
    try {
      ElasticsearchProbe.Reply reply = elasticsearch.get("/" + alias + "/_count");
      if (reply.status() == 200) {
        counts.add(reply.body().path("count").asLong());
      } else {
        errors.add(reply.status() + " " + reply.body());
      }
    } catch (RuntimeException e) {
      errors.add(e.toString());
    }
  }

  /** Stops polling after one last sample; returns every count seen, in order. */
  List<Long> stop() throws InterruptedException {
    running = false;
    thread.join();
    sample();
    return new ArrayList<>(counts);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  @Override
  public void close() throws InterruptedException {
    if (running) {
      stop();
    }
  }
}
