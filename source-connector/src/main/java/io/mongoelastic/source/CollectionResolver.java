package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collections a connector copies: those listed by name (even before they exist), plus those of
 * the database whose name matches the regex, or every one when neither is set. {@code system.*}
 * collections are never included. Sorted by name, so task assignment is stable.
 *
 * <p>Only ordinary collections can be followed by a change stream. A view or time-series collection
 * named in {@code mongodb.collections} is a configuration error (refused by validation, and by
 * planning if it became one later); one matched by the regex or by "all collections" is left out,
 * with one log line per collection and resolver (the connector keeps one resolver for its life).
 */
final class CollectionResolver {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionResolver.class);

  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  List<String> resolve(MongoSourceConfig config, MongoClient client) {
    CollectionListing listing = CollectionListing.read(client.getDatabase(config.database()));
    explicitlyNamedProblem(config.collections(), listing.others())
        .ifPresent(
            problem -> {
              throw new ConnectException(problem);
            });
    for (Map.Entry<String, String> other : listing.others().entrySet()) {
      String name = other.getKey();
      if (!name.startsWith("system.")
          && includes(config.collections(), config.collectionsRegex(), name)
          && reported.add(name)) {
        LOG.info(
            "{}.{} is a {}: change streams cannot follow it, so it is not copied",
            config.database(),
            name,
            describe(other.getValue()));
      }
    }
    return select(
        config.collections(),
        config.collectionsRegex(),
        new ArrayList<>(listing.collections().keySet()));
  }

  /**
   * An error for {@code mongodb.collections} when it names a view or time-series collection, or
   * empty.
   *
   * @param others non-collection namespaces by name, with their {@code type}
   */
  static Optional<String> explicitlyNamedProblem(List<String> listed, Map<String, String> others) {
    List<String> wrong = new ArrayList<>();
    for (String name : listed) {
      String type = others.get(name);
      if (type != null) {
        wrong.add(name + " (" + describe(type) + ")");
      }
    }
    if (wrong.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        CollectionsConfig.MONGODB_COLLECTIONS
            + " names "
            + String.join(", ", wrong)
            + ", which change streams cannot follow. Remove "
            + (wrong.size() == 1 ? "it" : "them")
            + " from "
            + CollectionsConfig.MONGODB_COLLECTIONS
            + ", and name the collection a view reads from instead.");
  }

  private static String describe(String type) {
    return switch (type) {
      case CollectionListing.TYPE_VIEW -> "view";
      case CollectionListing.TYPE_TIMESERIES -> "time-series collection";
      default -> "namespace of type '" + type + "'";
    };
  }

  static List<String> select(List<String> listed, Optional<Pattern> regex, List<String> existing) {
    TreeSet<String> selected = new TreeSet<>(listed);
    for (String name : existing) {
      if (!name.startsWith("system.") && includes(listed, regex, name)) {
        selected.add(name);
      }
    }
    return new ArrayList<>(selected);
  }

  private static boolean includes(List<String> listed, Optional<Pattern> regex, String name) {
    boolean all = listed.isEmpty() && regex.isEmpty();
    return all || regex.map(r -> r.matcher(name).matches()).orElse(false);
  }
}
