package io.mongoelastic.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The unprivileged system user Elasticsearch runs as when we are root (it refuses root), and a copy
 * of the distribution that user can read wherever the checkout lives (e.g. under /root).
 */
final class ServiceUser {
  static final String NAME = "mongoelastic-es";

  private ServiceUser() {}

  static boolean required() {
    return "root".equals(System.getProperty("user.name"));
  }

  static synchronized void ensureExists() {
    if (CommandRunner.run(List.of("id", "-u", NAME), null, false) == 0) {
      return;
    }
    CommandRunner.run(
        List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME),
        null);
  }

  /** Copies the distribution under {@code workRoot/dist}, once per version. */
  static synchronized Path readableCopyOf(Path home, Path workRoot) throws IOException {
    Path dist = workRoot.resolve("dist");
    Path target = dist.resolve(home.getFileName());
    if (Files.exists(target.resolve(".complete"))) {
      return target;
    }
    Files.createDirectories(dist);
    CommandRunner.run(List.of("chmod", "755", workRoot.toString(), dist.toString()), null);
    CommandRunner.run(List.of("rm", "-rf", target.toString()), null);
    CommandRunner.run(List.of("cp", "-a", home.toString(), target.toString()), null);
    CommandRunner.run(List.of("chmod", "-R", "a+rX", target.toString()), null);
    Files.createFile(target.resolve(".complete"));
    return target;
  }
}
