package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code $match} filter made only of string equalities and {@code $in} lists of strings on
 * fields, alone or under one {@code $or} ({@code {$or: [{ns.coll: {$in: [...]}}, {to.coll: {$in:
 * [...]}}, {operationType: 'invalidate'}]}}, the stage a connector's stream over many collections
 * opens with), evaluated with hash sets. mongo-java-server compares an {@code $in} value with each
 * list entry in turn: over 1,000 collection names that cost the server ~0.2 ms per event warm and
 * ~0.7 ms cold, where MongoDB looks the value up in a set. Values this class cannot decide alone
 * (an array on the path) go to the engine.
 */
final class StringSetMatch {
  /** Whether the event passes; null when the engine must decide. */
  private interface Clause {
    Boolean test(Document event);
  }

  private final List<Clause> anyOf;

  private StringSetMatch(List<Clause> anyOf) {
    this.anyOf = anyOf;
  }

  /** The fast form of a {@code $match} stage's filter, or null when it has another shape. */
  static StringSetMatch of(Object filter) {
    if (!(filter instanceof Document document) || document.size() != 1) {
      return null;
    }
    Map.Entry<String, Object> only = document.entrySet().iterator().next();
    List<Clause> clauses = new ArrayList<>();
    if (only.getKey().equals("$or")) {
      if (!(only.getValue() instanceof List<?> branches) || branches.isEmpty()) {
        return null;
      }
      for (Object branch : branches) {
        if (!(branch instanceof Document clause) || clause.size() != 1) {
          return null;
        }
        Clause parsed = field(clause.entrySet().iterator().next());
        if (parsed == null) {
          return null;
        }
        clauses.add(parsed);
      }
    } else {
      Clause parsed = field(only);
      if (parsed == null) {
        return null;
      }
      clauses.add(parsed);
    }
    return new StringSetMatch(clauses);
  }

  /** {@code path: 'x'}, {@code path: {$eq: 'x'}} or {@code path: {$in: ['x', ...]}}, else null. */
  private static Clause field(Map.Entry<String, Object> entry) {
    String path = entry.getKey();
    if (path.startsWith("$") || path.isEmpty()) {
      return null;
    }
    Object condition = entry.getValue();
    Set<String> values = new HashSet<>();
    if (condition instanceof String value) {
      values.add(value);
    } else if (condition instanceof Document operator && operator.size() == 1) {
      Map.Entry<String, Object> op = operator.entrySet().iterator().next();
      if (op.getKey().equals("$eq") && op.getValue() instanceof String value) {
        values.add(value);
      } else if (op.getKey().equals("$in") && op.getValue() instanceof List<?> list) {
        for (Object item : list) {
          if (!(item instanceof String value)) {
            return null;
          }
          values.add(value);
        }
      } else {
        return null;
      }
    } else {
      return null;
    }
    String[] parts = path.split("\\.", -1);
    return event -> valueIn(event, parts, values);
  }

  /**
   * A string at the path is in {@code values}; nothing there, or a value of another type, matches
   * none of them (every value is a string, so none is null); an array or a path through one is left
   * to the engine (MongoDB matches its elements).
   */
  private static Boolean valueIn(Document event, String[] parts, Set<String> values) {
    Object current = event;
    for (String part : parts) {
      if (current instanceof List<?>) {
        return null;
      }
      if (!(current instanceof Document document) || !document.containsKey(part)) {
        return false;
      }
      current = document.get(part);
    }
    if (current instanceof String value) {
      return values.contains(value);
    }
    return current instanceof List<?> ? null : false;
  }

  /** Whether the event passes the filter; null when the engine must decide. */
  Boolean test(Document event) {
    boolean undecided = false;
    for (Clause clause : anyOf) {
      Boolean passes = clause.test(event);
      if (passes == null) {
        undecided = true;
      } else if (passes) {
        return true;
      }
    }
    return undecided ? null : false;
  }
}
