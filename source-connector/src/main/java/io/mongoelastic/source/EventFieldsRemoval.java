package io.mongoelastic.source;

import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Finds a {@code stream.pipeline} stage that removes or rewrites a change-event field every record
 * is built from: {@code clusterTime} (the record's source version: without it every record would
 * carry version 0 and a versioning sink would drop later changes as stale), {@code documentKey}
 * (the document id of deletes), {@code operationType} and {@code ns}. {@code _id} is checked apart
 * ({@link PipelineValidator}): MongoDB itself refuses a stream that changes it.
 */
final class EventFieldsRemoval {
  static final List<String> REQUIRED = List.of("clusterTime", "documentKey", "operationType", "ns");

  private EventFieldsRemoval() {}

  /** The required field the stage removes or rewrites, if any. */
  static Optional<String> removedBy(String operator, BsonValue spec) {
    switch (operator) {
      case "$unset" -> {
        List<BsonValue> fields = spec.isArray() ? spec.asArray().getValues() : List.of(spec);
        return fields.stream()
            .filter(BsonValue::isString)
            .map(f -> required(f.asString().getValue()))
            .flatMap(Optional::stream)
            .findFirst();
      }
      case "$set", "$addFields" -> {
        return spec.isDocument() ? firstRequired(spec.asDocument()) : Optional.empty();
      }
      case "$project" -> {
        return spec.isDocument() ? removedByProjection(spec.asDocument()) : Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /**
   * An exclusion projection (every field but {@code _id} set to 0/false) removes what it names; an
   * inclusion projection removes every field it does not name, and rewrites those it computes.
   */
  private static Optional<String> removedByProjection(BsonDocument projection) {
    boolean inclusion =
        projection.entrySet().stream()
            .anyMatch(e -> !e.getKey().equals("_id") && !isExclusion(e.getValue()));
    if (!inclusion) {
      return firstRequired(projection);
    }
    for (String field : REQUIRED) {
      boolean kept =
          projection.entrySet().stream()
              .anyMatch(
                  e ->
                      (e.getKey().equals(field) && PipelineValidator.isInclusion(e.getValue()))
                          || e.getKey().startsWith(field + "."));
      if (!kept) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> firstRequired(BsonDocument fields) {
    return fields.keySet().stream()
        .map(EventFieldsRemoval::required)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The required field a path is, or lies in. */
  private static Optional<String> required(String path) {
    return REQUIRED.stream().filter(f -> path.equals(f) || path.startsWith(f + ".")).findFirst();
  }

  private static boolean isExclusion(BsonValue value) {
    return (value.isBoolean() && !value.asBoolean().getValue())
        || (value.isNumber() && value.asNumber().doubleValue() == 0);
  }
}
