package io.mongoelastic.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A small shell process that outlives this JVM: once the JVM is gone (also after {@code kill -9},
 * when no shutdown hook runs) it stops the Elasticsearch node, which runs as a daemon of its own,
 * and removes the run's and the node's folders. After a normal stop it finds the node already
 * stopped.
 */
final class ElasticsearchWatchdog {
  private ElasticsearchWatchdog() {}

  static Process start(long elasticsearchPid, Path runFolder, Path nodeFolder) {
    long jvm = ProcessHandle.current().pid();
    String script =
        "trap '' INT; while kill -0 "
            + jvm
            + " 2>/dev/null; do sleep 1; done; kill "
            + elasticsearchPid
            + " 2>/dev/null; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "
            + elasticsearchPid
            + " 2>/dev/null || break; sleep 1; done; rm -rf '"
            + runFolder
            + "' '"
            + nodeFolder
            + "'";
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the watchdog that stops Elasticsearch", e);
    }
  }
}
