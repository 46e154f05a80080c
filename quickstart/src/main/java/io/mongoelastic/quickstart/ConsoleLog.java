package io.mongoelastic.quickstart;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the console for the quickstart's own lines: everything else the JVM prints (Kafka's storage
 * formatter, Connect, Jersey's java.util.logging warnings, stack traces while stopping) goes to a
 * log file.
 */
final class ConsoleLog {
  private static volatile PrintStream console = System.out;

  private ConsoleLog() {}

  /** Sends System.out, System.err and java.util.logging to {@code file} from now on. */
  static void redirectTo(Path file) {
    PrintStream log;
    try {
      log =
          new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    console = System.out;
    System.setOut(log);
    System.setErr(log);
    LogManager.getLogManager().reset();
    SimpleFormatter format = new SimpleFormatter();
    Logger.getLogger("")
        .addHandler(
            new Handler() {
              @Override
              public void publish(LogRecord record) {
                if (isLoggable(record)) {
                  log.print(format.format(record));
                }
              }

              @Override
              public void flush() {
                log.flush();
              }

              @Override
              public void close() {
                log.flush();
              }
            });
  }

  static void say(String line) {
    console.println("[quickstart] " + line);
  }
}
