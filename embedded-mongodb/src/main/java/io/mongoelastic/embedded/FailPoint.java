package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.function.Predicate;

/**
 * One named fail point of one server: its mode, its data and how often it has fired. As on mongod,
 * an evaluation that does not match the point's filter (command names, app name, ...) neither fires
 * nor consumes a {@code times} or {@code skip} count, and the count of times entered is kept across
 * reconfigurations. Thread-safe: requests evaluate it from many threads.
 */
final class FailPoint {
  private final String name;
  private FailPointMode mode = FailPointMode.OFF;
  // Read without the lock, so that every command of a server with its fail points off stays cheap.
  private volatile boolean armed;
  private long remaining;
  private Document data = new Document();
  private long timesEntered;

  FailPoint(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Sets mode and data; returns the number of times the point fired before this call. */
  synchronized long configure(FailPointMode mode, Document data) {
    this.mode = mode;
    this.remaining = mode.count();
    this.data = data.cloneDeeply();
    if (mode.kind() == FailPointMode.Kind.TIMES && remaining == 0) {
      this.mode = FailPointMode.OFF;
    }
    armed = this.mode.kind() != FailPointMode.Kind.OFF;
    return timesEntered;
  }

  /**
   * Evaluates the point for one operation.
   *
   * @param matches whether the operation is one the point's data selects
   * @return a copy of the point's data when it fires, otherwise null
   */
  Document enter(Predicate<Document> matches) {
    return armed ? enterArmed(matches) : null;
  }

  private synchronized Document enterArmed(Predicate<Document> matches) {
    if (mode.kind() == FailPointMode.Kind.OFF || !matches.test(data)) {
      return null;
    }
    switch (mode.kind()) {
      case TIMES -> {
        if (--remaining <= 0) {
          mode = FailPointMode.OFF;
          armed = false;
        }
      }
      case SKIP -> {
        if (remaining > 0) {
          remaining--;
          return null;
        }
      }
      default -> {
        // alwaysOn fires every time
      }
    }
    timesEntered++;
    return data.cloneDeeply();
  }

  synchronized long timesEntered() {
    return timesEntered;
  }
}
