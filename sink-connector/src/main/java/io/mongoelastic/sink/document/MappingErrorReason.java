package io.mongoelastic.sink.document;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which field an Elasticsearch mapping or parsing error is about, from the error reason of a
 * bulk item (Elasticsearch 8 and 9 wording). The reason is the only place that names it.
 */
final class MappingErrorReason {
  // Most specific first; each captures a dotted field path.
  private static final List<Pattern> FIELD_PATTERNS =
      List.of(
          Pattern.compile("failed to parse field \\[(.+?)] of type"),
          Pattern.compile("object mapping for \\[(.+?)] tried to parse field"),
          Pattern.compile("due to object field \\[(.+?)]"),
          Pattern.compile("Could not dynamically add mapping for field \\[(.+?)]"),
          Pattern.compile("can't merge a non object mapping \\[(.+?)]"),
          Pattern.compile("[Ff]ield \\[(.+?)] is a metadata field"),
          Pattern.compile("mapper \\[(.+?)] cannot be changed"),
          Pattern.compile("\\['(.+?)']"),
          Pattern.compile("\\[([^\\[\\]]+)]"));

  private MappingErrorReason() {}

  /** Candidate dotted paths in the order to try them; empty when the reason names none. */
  static List<String> fieldPaths(String reason) {
    List<String> paths = new ArrayList<>();
    if (reason == null) {
      return paths;
    }
    for (Pattern pattern : FIELD_PATTERNS) {
      Matcher matcher = pattern.matcher(reason);
      while (matcher.find()) {
        String path = matcher.group(1);
        if (!paths.contains(path)) {
          paths.add(path);
        }
      }
    }
    return paths;
  }
}
