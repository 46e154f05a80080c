package io.mongoelastic.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a short external command to completion, optionally feeding one line on stdin. */
final class CommandRunner {
  private CommandRunner() {}

  static int run(List<String> command, String stdin) {
    return run(command, stdin, true);
  }

  /**
   * @param mustSucceed throw on a non-zero exit; the message names the command's first two words
   *     only, since later arguments may hold passwords
   */
  static int run(List<String> command, String stdin, boolean mustSucceed) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        process.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (mustSucceed && exit != 0) {
        throw new IllegalStateException(
            "`"
                + command.get(0)
                + " "
                + command.get(command.size() > 1 ? 1 : 0)
                + "` failed: "
                + output);
      }
      return exit;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
