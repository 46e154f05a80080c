package io.mongoelastic.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs packaged plugin zips the way a user does: unzipped into a folder on the worker's {@code
 * plugin.path}. ITs never put connectors on the test classpath, so packaging and class loader
 * isolation are tested too.
 */
public final class PluginInstaller {
  /** System property holding the comma-separated plugin zips a module's ITs install. */
  public static final String PLUGIN_ZIPS_PROPERTY = "mongoelastic.it.plugin.zips";

  private PluginInstaller() {}

  /** The zips named by {@link #PLUGIN_ZIPS_PROPERTY}; fails when one is missing. */
  public static List<Path> configuredZips() {
    String value = System.getProperty(PLUGIN_ZIPS_PROPERTY, "");
    List<Path> zips = new ArrayList<>();
    Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .forEach(zips::add);
    for (Path zip : zips) {
      if (!Files.isRegularFile(zip)) {
        throw new IllegalStateException("Plugin zip " + zip + " is missing: run `mvn package`.");
      }
    }
    return zips;
  }

  /** Unzips each zip into {@code pluginPath} and returns it, ready for {@code plugin.path}. */
  public static Path install(Path pluginPath, List<Path> zips) {
    try {
      Files.createDirectories(pluginPath);
      for (Path zip : zips) {
        unzip(zip, pluginPath);
      }
      return pluginPath;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot install plugins into " + pluginPath, e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        Path dest = target.resolve(entry.getName()).normalize();
        if (!dest.startsWith(target)) {
          throw new IOException("Zip entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          Files.copy(entries, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
