package io.mongoelastic.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.crypto.KeyFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoElasticCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new MongoElasticCli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]))
        .run(args);
  }

  @Test
  void helpDescribesEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("keys generate", "put", "get", "--public-key-url");
  }

  @Test
  void keysGenerateWritesALoadableKeyPair() {
    assertThat(run("keys", "generate", "--out", dir.toString(), "--name", "w1")).isZero();
    String kid =
        KeyFiles.loadPrivateKeys(dir.resolve("w1.key.pem").toString()).keyIds().iterator().next();
    assertThat(KeyFiles.loadPublicKeys(dir.resolve("w1.pub.pem").toString()).get(0).keyId())
        .isEqualTo(kid);
    assertThat(out.toString()).contains(kid).doesNotContain("PRIVATE KEY-----");
  }

  @Test
  void putRefusesAmbiguousValueSourcesAndUnknownOptions() {
    assertThat(run("put", "--es", "http://127.0.0.1:1", "--doc", "d", "--field", "f")).isEqualTo(2);
    assertThat(err.toString()).contains("exactly one of --value");
    err.reset();
    assertThat(
            run(
                "put",
                "--es",
                "http://127.0.0.1:1",
                "--doc",
                "d",
                "--field",
                "f",
                "--value",
                "v",
                "--encrypt"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--public-key-url");
    err.reset();
    assertThat(run("keys", "generate", "--out", dir.toString(), "--nmae", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("--nmae");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("rotate")).isEqualTo(2);
  }
}
