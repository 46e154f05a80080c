package io.mongoelastic.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The folder of one quickstart run, {@code <work>/run-<pid>}: Elasticsearch's node, Kafka's data,
 * keys and the log. Removed when the run stops; a run that was killed leaves its folder behind, and
 * the next start stops the Elasticsearch node it left running and removes the folder.
 */
final class RunFolder {
  private static final String PREFIX = "run-";

  /** Names the Elasticsearch node folder of the run, which the harness may keep elsewhere. */
  private static final String NODE_POINTER = "elasticsearch-node";

  private final Path path;

  private RunFolder(Path path) {
    this.path = path;
  }

  static RunFolder create(Path work) {
    try {
      return new RunFolder(
          Files.createDirectories(work.resolve(PREFIX + ProcessHandle.current().pid())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return path;
  }

  /**
   * Cleans up after earlier runs whose process is gone: stops the Elasticsearch they left (its
   * {@code es.pid}) and deletes their folder. Returns how many were cleaned.
   */
  static int cleanStale(Path work) {
    if (!Files.isDirectory(work)) {
      return 0;
    }
    int cleaned = 0;
    try (Stream<Path> runs = Files.list(work)) {
      for (Path run : runs.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
        if (ownerAlive(run)) {
          continue;
        }
        Optional<Path> node = nodeFolder(run);
        elasticsearchPids(node.orElse(run)).forEach(RunFolder::stop);
        node.ifPresent(RunFolder::delete);
        delete(run);
        cleaned++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cleaned;
  }

  /** Remembers where this run's Elasticsearch node lives, for the cleanup after a kill. */
  void recordNodeFolder(Path node) {
    try {
      Files.writeString(path.resolve(NODE_POINTER), node.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes this run's folder and its Elasticsearch node's. */
  void delete() {
    nodeFolder(path).ifPresent(RunFolder::delete);
    delete(path);
  }

  private static Optional<Path> nodeFolder(Path run) {
    try {
      Path pointer = run.resolve(NODE_POINTER);
      return Files.exists(pointer)
          ? Optional.of(Path.of(Files.readString(pointer).trim()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean ownerAlive(Path run) {
    try {
      long pid = Long.parseLong(run.getFileName().toString().substring(PREFIX.length()));
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<ProcessHandle> elasticsearchPids(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("es.pid"))
          .map(RunFolder::process)
          .flatMap(Optional::stream)
          // Only a process that still is an Elasticsearch node: pids get reused.
          .filter(p -> p.info().commandLine().orElse("").contains("elasticsearch"))
          .toList();
    }
  }

  private static Optional<ProcessHandle> process(Path pidFile) {
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void stop(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
    }
  }

  private static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover file does not stop the next run.
    }
  }
}
