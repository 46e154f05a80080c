package io.mongoelastic.harness;

import java.nio.file.Path;

/** Where ITs keep their files: under the module's target/ when run through Maven. */
public final class HarnessPaths {
  private HarnessPaths() {}

  public static Path workDir() {
    String dir = System.getProperty("mongoelastic.it.work");
    if (dir == null || dir.isBlank()) {
      return Path.of(System.getProperty("java.io.tmpdir"), "mongoelastic-it");
    }
    return Path.of(dir);
  }
}
