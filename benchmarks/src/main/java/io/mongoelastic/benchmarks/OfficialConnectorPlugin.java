package io.mongoelastic.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs the official MongoDB connector ({@code mongo-kafka-connect}, classifier {@code all}) as a
 * plugin zip for the worker's {@code plugin.path}. The jar ships no ServiceLoader manifests, which
 * {@code plugin.discovery=service_load} needs, so a small jar holding them goes beside it.
 */
public final class OfficialConnectorPlugin {
  static final String CONNECTOR_CLASS = "com.mongodb.kafka.connect.MongoSourceConnector";
  private static final String FOLDER = "mongo-kafka-connect-official";

  private OfficialConnectorPlugin() {}

  /** The zip, or null when the build did not fetch the official jar. */
  public static Path zip(Path officialDir, Path work) {
    Path jar;
    try (Stream<Path> files = Files.list(officialDir)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().endsWith("-all.jar"))
              .findFirst()
              .orElse(null);
    } catch (IOException e) {
      return null;
    }
    if (jar == null) {
      return null;
    }
    Path zip = work.resolve(FOLDER + ".zip");
    try {
      Files.createDirectories(work);
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
        out.putNextEntry(new ZipEntry(FOLDER + "/lib/" + jar.getFileName()));
        Files.copy(jar, out);
        out.closeEntry();
        out.putNextEntry(new ZipEntry(FOLDER + "/lib/service-manifests.jar"));
        out.write(manifestJar());
        out.closeEntry();
      }
      return zip;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot pack the official connector plugin", e);
    }
  }

  private static byte[] manifestJar() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      jar.putNextEntry(
          new ZipEntry("META-INF/services/org.apache.kafka.connect.source.SourceConnector"));
      OutputStream entry = jar;
      entry.write((CONNECTOR_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }
}
