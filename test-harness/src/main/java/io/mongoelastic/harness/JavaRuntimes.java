package io.mongoelastic.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a JDK able to run Elasticsearch (21 or newer): ES ships none in the integ-test zip. */
final class JavaRuntimes {
  private static final int ELASTICSEARCH_MIN_JAVA = 21;

  private JavaRuntimes() {}

  static Path forElasticsearch() {
    String explicit = System.getenv("ES_JAVA_HOME");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    Path current = Path.of(System.getProperty("java.home"));
    if (majorVersion(current).orElse(0) >= ELASTICSEARCH_MIN_JAVA) {
      return current;
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        Optional<Path> best =
            homes
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> majorVersion(home).orElse(0) >= ELASTICSEARCH_MIN_JAVA)
                .max(Comparator.comparingInt(home -> majorVersion(home).orElse(0)));
        if (best.isPresent()) {
          return best.get();
        }
      } catch (IOException e) {
        throw new IllegalStateException("Cannot list " + jvms, e);
      }
    }
    throw new IllegalStateException(
        "Elasticsearch needs a JDK "
            + ELASTICSEARCH_MIN_JAVA
            + "+; none found. Set ES_JAVA_HOME to one (for example a Temurin 21 or 25 JDK).");
  }

  private static Optional<Integer> majorVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      props.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
    String major = version.split("[.\\-+]")[0];
    try {
      return Optional.of(Integer.parseInt(major));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
