package io.mongoelastic.sink.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The body of an index the sink creates, {@code {"settings":…,"mappings":…}}: the {@link
 * IndexDefaults} with {@code index.settings} and {@code index.mapping} deep-merged over them, the
 * user's value winning.
 *
 * <ul>
 *   <li>Settings are compared as flat keys with the {@code index.} prefix, so {@code
 *       {"number_of_shards":1}}, {@code {"index.number_of_shards":1}} and {@code
 *       {"index":{"number_of_shards":1}}} all name the same setting; the result is flat.
 *   <li>Mappings merge object by object ({@code properties} included); a scalar or array the user
 *       gives replaces the default, except {@code dynamic_templates}, where the user's templates
 *       come first (Elasticsearch applies the first that matches) and defaults of the same name are
 *       dropped.
 * </ul>
 */
public final class IndexCreationBody {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexCreationBody() {}

  /**
   * The creation body, or null when there is nothing to send (no defaults and no user JSON).
   *
   * @param settings the {@code index.settings} JSON object, or null/blank
   * @param mapping the {@code index.mapping} JSON object, or null/blank
   */
  public static String of(IndexDefaults defaults, String settings, String mapping) {
    boolean mirrorSafe = defaults == IndexDefaults.MIRROR_SAFE;
    ObjectNode mergedSettings = mirrorSafe ? MirrorSafeIndex.settings() : JSON.createObjectNode();
    if (!isBlank(settings)) {
      flatten("", parse(settings), mergedSettings);
    }
    ObjectNode mergedMapping = mirrorSafe ? MirrorSafeIndex.mapping() : JSON.createObjectNode();
    if (!isBlank(mapping)) {
      mergeMapping(mergedMapping, parse(mapping));
    }
    if (mergedSettings.isEmpty() && mergedMapping.isEmpty()) {
      return null;
    }
    ObjectNode body = JSON.createObjectNode();
    if (!mergedSettings.isEmpty()) {
      body.set("settings", mergedSettings);
    }
    if (!mergedMapping.isEmpty()) {
      body.set("mappings", mergedMapping);
    }
    return body.toString();
  }

  /** Writes {@code node}'s leaves into {@code into} as flat {@code index.}-prefixed keys. */
  private static void flatten(String prefix, JsonNode node, ObjectNode into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      if (field.getValue().isObject()) {
        flatten(key + ".", field.getValue(), into);
      } else {
        into.set(key.startsWith("index.") ? key : "index." + key, field.getValue());
      }
    }
  }

  private static void mergeMapping(ObjectNode target, JsonNode user) {
    for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      JsonNode existing = target.get(name);
      if (name.equals("dynamic_templates") && value.isArray() && existing instanceof ArrayNode) {
        target.set(name, userTemplatesFirst((ArrayNode) value, (ArrayNode) existing));
      } else if (value.isObject() && existing instanceof ObjectNode object) {
        mergeMapping(object, value);
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }

  private static ArrayNode userTemplatesFirst(ArrayNode user, ArrayNode defaults) {
    ArrayNode merged = user.deepCopy();
    for (JsonNode template : defaults) {
      String name = template.fieldNames().hasNext() ? template.fieldNames().next() : "";
      boolean replaced = false;
      for (JsonNode own : user) {
        replaced |= own.has(name);
      }
      if (!replaced) {
        merged.add(template);
      }
    }
    return merged;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // the config validator has checked it is an object
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
