package io.mongoelastic.embedded.conformance;

import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a number of events from a change-stream cursor, waiting generously for them. */
final class ChangeStreamReader {
  private ChangeStreamReader() {}

  static <T> List<T> take(MongoCursor<T> cursor, int count) {
    List<T> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              T next = cursor.tryNext();
              if (next != null) {
                events.add(next);
              }
              return events.size() >= count;
            });
    return events;
  }
}
