package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a document that Elasticsearch refused because of one of its fields, so that the rest of
 * it can be indexed: the refused part is moved, unchanged, under {@value #FIELD}, which a
 * mirror-safe index stores without indexing. Used only on the failure path of a bulk item, never
 * for documents Elasticsearch accepts.
 *
 * <p>The rewritten document holds
 *
 * <pre>
 * "_mongoelastic": {
 *   "unindexed": ["a.b", …],                    // keyword: the dotted paths, for searching
 *   "stored": [{"path": ["a", "b"], "value": …}] // the moved values, never indexed
 * }
 * </pre>
 *
 * The rewrite is reversible ({@link #restore(ObjectNode)}): put each stored value back at its path
 * (the list of member names, which may themselves contain dots; an empty path means the whole
 * document's fields) and drop {@value #FIELD}. Numbers keep their exact value (read as big
 * decimals, written back without rounding).
 *
 * <p>What is moved: the field the error names ({@code failed to parse field [a.b]}, {@code object
 * mapping for [a]}, {@code Limit of mapping depth … due to object field [a.b]}, a metadata name
 * such as {@code _source}); the nearest array on the way if the path goes through one (a mixed
 * object/scalar array is moved whole); when the error names no field, every member whose name
 * Elasticsearch refuses (empty, blank, leading dot, two dots in a row). After {@value #MAX_MOVES}
 * moves, or when nothing can be found, the whole document is moved in one entry, so that only its
 * id and the marker are indexed. Stateless and thread-safe.
 */
public final class UnindexedFallback {
  /** The top-level member the fallback writes. */
  public static final String FIELD = "_mongoelastic";

  static final String UNINDEXED = "unindexed";
  static final String STORED = "stored";
  static final String PATH = "path";
  static final String VALUE = "value";

  /** Moves of single fields before the whole document is moved. */
  public static final int MAX_MOVES = 10;

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .nodeFactory(NODES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /**
   * The rewritten document, or null when the fallback can do nothing more (the whole document was
   * moved already, or the error is about {@value #FIELD} itself, e.g. an index without its
   * mapping).
   *
   * @param document a JSON object
   * @param reason Elasticsearch's error reason for the item
   */
  public byte[] rewrite(byte[] document, String reason) {
    ObjectNode doc;
    try {
      JsonNode parsed = JSON.readTree(document);
      if (!(parsed instanceof ObjectNode object)) {
        return null;
      }
      doc = object;
    } catch (IOException e) {
      return null;
    }
    JsonNode own = doc.get(FIELD);
    if (own != null && !ownShape(own)) {
      return null; // the document's own member of that name: nothing safe to do
    }
    ArrayNode stored = own == null ? NODES.arrayNode() : (ArrayNode) own.get(STORED);
    for (JsonNode entry : stored) {
      if (entry.path(PATH).isEmpty()) {
        return null; // the whole document was moved and still refused
      }
    }
    List<List<String>> paths = new ArrayList<>();
    for (String named : MappingErrorReason.fieldPaths(reason)) {
      List<String> path = resolve(doc, named);
      if (path != null) {
        paths.add(path);
        break;
      }
    }
    if (paths.isEmpty()) {
      collectRefusedNames(doc, new ArrayList<>(), paths);
    }
    if (paths.stream().anyMatch(path -> path.get(0).equals(FIELD))) {
      return null; // the fallback's own fields were refused
    }
    if (paths.isEmpty() || stored.size() + paths.size() > MAX_MOVES) {
      restore(doc);
      return write(moveWhole(doc));
    }
    for (List<String> path : paths) {
      move(doc, path);
    }
    return write(doc);
  }

  /**
   * Undoes {@link #rewrite}: puts every stored value back and removes {@value #FIELD}.
   *
   * @return {@code document}, changed in place
   */
  public static ObjectNode restore(ObjectNode document) {
    JsonNode own = document.remove(FIELD);
    if (own == null || !ownShape(own)) {
      return document;
    }
    for (JsonNode entry : own.get(STORED)) {
      JsonNode path = entry.path(PATH);
      if (path.isEmpty()) {
        entry.path(VALUE).fields().forEachRemaining(f -> document.set(f.getKey(), f.getValue()));
        continue;
      }
      ObjectNode parent = document;
      for (int i = 0; i < path.size() - 1; i++) {
        parent = parent.with(path.get(i).asText());
      }
      parent.set(path.get(path.size() - 1).asText(), entry.path(VALUE));
    }
    return document;
  }

  private static boolean ownShape(JsonNode own) {
    return own.isObject() && own.path(STORED).isArray() && own.path(UNINDEXED).isArray();
  }

  /**
   * The member names leading to the value Elasticsearch means by a dotted path, stopping at the
   * first array; null when the document has no such value. Names may contain dots themselves: the
   * longest name that matches wins.
   */
  static List<String> resolve(ObjectNode doc, String dotted) {
    String[] parts = dotted.split("\\.", -1);
    List<String> path = new ArrayList<>();
    JsonNode node = doc;
    int at = 0;
    while (at < parts.length) {
      if (!(node instanceof ObjectNode object)) {
        return null;
      }
      String matched = null;
      int next = at;
      for (int end = parts.length; end > at && matched == null; end--) {
        String name = String.join(".", List.of(parts).subList(at, end));
        if (object.has(name)) {
          matched = name;
          next = end;
        }
      }
      if (matched == null) {
        return path.isEmpty() ? null : path;
      }
      path.add(matched);
      node = object.get(matched);
      at = next;
      if (node.isArray()) {
        return path; // values inside arrays have no path of their own: move the array
      }
    }
    return path;
  }

  private static void collectRefusedNames(
      ObjectNode object, List<String> prefix, List<List<String>> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      List<String> path = new ArrayList<>(prefix);
      path.add(field.getKey());
      if (refusedName(field.getKey())) {
        into.add(path);
      } else if (field.getValue() instanceof ObjectNode child) {
        collectRefusedNames(child, path, into);
      } else if (field.getValue().isArray() && containsRefusedName(field.getValue())) {
        into.add(path);
      }
    }
  }

  private static boolean containsRefusedName(JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (refusedName(field.getKey()) || containsRefusedName(field.getValue())) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        if (containsRefusedName(element)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Names Elasticsearch refuses wherever they are: empty, blank, or with an empty dotted part. */
  static boolean refusedName(String name) {
    return name.isBlank() || name.startsWith(".") || name.contains("..");
  }

  private static void move(ObjectNode doc, List<String> path) {
    ObjectNode parent = doc;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = (ObjectNode) parent.get(path.get(i));
    }
    JsonNode value = parent.remove(path.get(path.size() - 1));
    record(doc, path, value);
  }

  private static ObjectNode moveWhole(ObjectNode doc) {
    ObjectNode kept = NODES.objectNode();
    ObjectNode whole = NODES.objectNode();
    doc.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().equals(DocumentSerializer.ORIGINAL_ID_FIELD)) {
                kept.set(field.getKey(), field.getValue());
              } else {
                whole.set(field.getKey(), field.getValue());
              }
            });
    record(kept, List.of(), whole);
    return kept;
  }

  private static void record(ObjectNode doc, List<String> path, JsonNode value) {
    ObjectNode own = doc.with(FIELD);
    ArrayNode unindexed = own.withArray(UNINDEXED);
    ArrayNode stored = own.withArray(STORED);
    unindexed.add(path.isEmpty() ? "*" : String.join(".", path));
    ObjectNode entry = stored.addObject();
    ArrayNode names = entry.putArray(PATH);
    path.forEach(names::add);
    entry.set(VALUE, value);
  }

  private static byte[] write(ObjectNode doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
