package io.mongoelastic.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pre-built {@code _bulk} bodies of the generated documents, one file per request, written once per
 * size and reused. Action lines carry only the id, so one set serves every index.
 */
public final class NdjsonBatches {
  private NdjsonBatches() {}

  /** The files for {@code docs} documents in batches of {@code batchDocs}, built if missing. */
  public static List<Path> prepare(Path work, int docs, int batchDocs) {
    Path dir = work.resolve("ndjson-" + docs + "-" + batchDocs);
    Path done = dir.resolve(".complete");
    try {
      if (!Files.exists(done)) {
        Files.createDirectories(dir);
        for (int start = 0, file = 0; start < docs; start += batchDocs, file++) {
          Path path = dir.resolve(String.format("batch-%06d.ndjson", file));
          try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            for (int n = start; n < Math.min(docs, start + batchDocs); n++) {
              out.write(
                  ("{\"index\":{\"_id\":\"" + DocumentGenerator.id(n) + "\"}}\n")
                      .getBytes(StandardCharsets.UTF_8));
              out.write(DocumentGenerator.json(n));
              out.write('\n');
            }
          }
        }
        Files.createFile(done);
      }
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> list = new ArrayList<>();
        files.filter(p -> p.toString().endsWith(".ndjson")).sorted().forEach(list::add);
        return list;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write NDJSON batches into " + dir, e);
    }
  }
}
