package io.mongoelastic.quickstart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the project's CLI jar the way a user would, to make keys and write secrets. */
final class SecretsTool {
  private final Path cliJar;

  private SecretsTool(Path cliJar) {
    this.cliJar = cliJar;
  }

  /** The CLI jar the build left in {@code common/target}. */
  static SecretsTool locate(Path root) throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(root.resolve("common/target"), "common-*-cli.jar")) {
      for (Path jar : jars) {
        return new SecretsTool(jar);
      }
    }
    throw new IllegalStateException(
        "No common/target/common-*-cli.jar: run `mvn -DskipTests install` first");
  }

  void generateKeys(Path folder) throws IOException, InterruptedException {
    run(null, "keys", "generate", "--out", folder.toString(), "--name", "quickstart");
  }

  /** Stores {@code value} encrypted with the public key the worker serves; value via stdin. */
  void putEncrypted(
      String elasticsearchUrl, String workerUrl, String doc, String field, String value)
      throws IOException, InterruptedException {
    run(
        value,
        "put",
        "--es",
        elasticsearchUrl,
        "--doc",
        doc,
        "--field",
        field,
        "--stdin",
        "--encrypt",
        "--public-key-url",
        workerUrl + "mongoelastic/keys");
  }

  private void run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(cliJar.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("mongoelastic " + args[0] + " failed: " + output);
    }
    for (String line : output.split("\n")) {
      if (!line.isBlank() && !line.startsWith("SLF4J")) {
        Quickstart.say("  " + line);
      }
    }
  }
}
