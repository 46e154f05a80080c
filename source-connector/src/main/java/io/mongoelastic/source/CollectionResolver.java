package io.mongoelastic.source;

import com.mongodb.client.MongoClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The collections a connector copies: those listed by name (even before they exist), plus those of
 * the database whose name matches the regex, or every one when neither is set. {@code system.*}
 * collections are never included. Sorted by name, so task assignment is stable.
 */
final class CollectionResolver {
  private CollectionResolver() {}

  static List<String> resolve(MongoSourceConfig config, MongoClient client) {
    List<String> existing = new ArrayList<>();
    client.getDatabase(config.database()).listCollectionNames().into(existing);
    return select(config.collections(), config.collectionsRegex(), existing);
  }

  static List<String> select(List<String> listed, Optional<Pattern> regex, List<String> existing) {
    TreeSet<String> selected = new TreeSet<>(listed);
    for (String name : existing) {
      if (name.startsWith("system.")) {
        continue;
      }
      boolean all = listed.isEmpty() && regex.isEmpty();
      if (all || regex.map(r -> r.matcher(name).matches()).orElse(false)) {
        selected.add(name);
      }
    }
    return new ArrayList<>(selected);
  }
}
