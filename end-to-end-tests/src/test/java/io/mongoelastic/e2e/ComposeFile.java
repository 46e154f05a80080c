package io.mongoelastic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The repository's docker-compose.yml as data: services, their images, volume mounts and the shell
 * script of a one-shot service. Read with a YAML parser, so the tests see what Docker Compose sees.
 */
final class ComposeFile {
  /** The checkout's root: the tests run in the module folder. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile load() {
    try {
      return new ComposeFile(
          new ObjectMapper(new YAMLFactory())
              .readTree(ROOT.resolve("docker-compose.yml").toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode root() {
    return root;
  }

  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new IllegalArgumentException("docker-compose.yml has no service '" + name + "'");
    }
    return service;
  }

  /** The image tag of a service, e.g. {@code 4.3.1} of {@code apache/kafka:4.3.1}. */
  String imageTag(String service) {
    String image = service(service).path("image").asText();
    return image.substring(image.lastIndexOf(':') + 1);
  }

  /** One {@code source:target[:mode]} volume entry of a service. */
  record Mount(String source, String target) {
    boolean isHostPath() {
      return source.startsWith(".") || source.startsWith("/");
    }

    /** The host path of a bind mount, resolved against the checkout. */
    Path hostPath() {
      return ROOT.resolve(source).normalize();
    }
  }

  List<Mount> mounts(String service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode entry : service(service).path("volumes")) {
      String[] parts = entry.asText().split(":");
      mounts.add(new Mount(parts[0], parts[1]));
    }
    return mounts;
  }

  /** Where a service mounts a named volume or host path, if it does. */
  Optional<String> mountTarget(String service, String source) {
    return mounts(service).stream()
        .filter(mount -> mount.source().equals(source))
        .map(Mount::target)
        .findFirst();
  }

  /**
   * The shell script of a service whose entrypoint is {@code sh -c <script>}, with Compose's {@code
   * $$} escapes undone: the text {@code sh} runs in the container.
   */
  String shellScript(String service) {
    JsonNode entrypoint = service(service).path("entrypoint");
    if (entrypoint.size() != 3
        || !entrypoint.get(0).asText().equals("sh")
        || !entrypoint.get(1).asText().equals("-c")) {
      throw new IllegalStateException(service + "'s entrypoint is not [sh, -c, script]");
    }
    return entrypoint.get(2).asText().replace("$$", "$");
  }
}
