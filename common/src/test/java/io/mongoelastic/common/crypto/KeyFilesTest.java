package io.mongoelastic.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void generatedFilesLoadBackAsTheSameKeyPair() throws Exception {
    KeyFiles.Generated generated = KeyFiles.generate(dir, "k1");
    assertThat(Files.readString(generated.privateFile())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(generated.publicFile())).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Files.getPosixFilePermissions(generated.privateFile()))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    KeyRing ring = KeyFiles.loadPrivateKeys(generated.privateFile().toString());
    assertThat(ring.keyIds()).containsExactly(generated.key().keyId());
    assertThat(KeyFiles.loadPublicKeys(generated.publicFile().toString()))
        .containsExactly(generated.key().publicKey());
  }

  @Test
  void folderAndCommaListLoadSeveralKeys() {
    KeyFiles.Generated a = KeyFiles.generate(dir, "mongoelastic-20260101-000000");
    KeyFiles.Generated b = KeyFiles.generate(dir, "mongoelastic-20260601-000000");

    assertThat(KeyFiles.loadPrivateKeys(dir.toString()).keyIds())
        .containsExactlyInAnyOrder(a.key().keyId(), b.key().keyId());
    assertThat(KeyFiles.loadPrivateKeys(a.privateFile() + ", " + b.privateFile()).keyIds())
        .containsExactlyInAnyOrder(a.key().keyId(), b.key().keyId());
    // Newest (greatest file name) first: writers encrypt with the first key.
    assertThat(KeyFiles.loadPublicKeys(dir.toString()))
        .containsExactly(b.key().publicKey(), a.key().publicKey());
  }

  @Test
  void refusesToOverwriteExistingKeyFiles() {
    KeyFiles.generate(dir, "k");
    assertThatThrownBy(() -> KeyFiles.generate(dir, "k")).isInstanceOf(KeyFileException.class);
  }

  @Test
  void emptyOrMissingLocationsFailNamingThePath() {
    assertThatThrownBy(() -> KeyFiles.loadPrivateKeys(dir.toString()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining(dir.toString());
    assertThatThrownBy(() -> KeyFiles.loadPublicKeys(dir.resolve("nope").toString()))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void publicKeyLoadingNeverReadsPrivateBlocks() throws Exception {
    KeyFiles.Generated a = KeyFiles.generate(dir, "k");
    Path both = dir.resolve("both.pem");
    Files.writeString(both, Files.readString(a.privateFile()) + Files.readString(a.publicFile()));
    assertThat(KeyFiles.loadPublicKeys(both.toString())).containsExactly(a.key().publicKey());
  }

  @Test
  void readsKeysWrittenByOpenssl() throws Exception {
    Path priv = dir.resolve("ossl.key.pem");
    Path pub = dir.resolve("ossl.pub.pem");
    Process gen =
        new ProcessBuilder("openssl", "genpkey", "-algorithm", "X25519", "-out", priv.toString())
            .start();
    org.junit.jupiter.api.Assumptions.assumeTrue(gen.waitFor() == 0, "openssl is not available");
    Process out =
        new ProcessBuilder(
                "openssl", "pkey", "-in", priv.toString(), "-pubout", "-out", pub.toString())
            .start();
    assertThat(out.waitFor()).isZero();

    KeyRing ring = KeyFiles.loadPrivateKeys(priv.toString());
    List<EncryptionKey> publics = KeyFiles.loadPublicKeys(pub.toString());
    assertThat(ring.keyIds()).containsExactly(publics.get(0).keyId());
    FieldLocation at = new FieldLocation("i", "d", "f");
    SecretEnvelope sealed = new SecretSealer(publics.get(0)).seal(at, "hello");
    assertThat(new SecretOpener(ring).open(at, sealed)).isEqualTo("hello");
  }

  @Test
  void jwkSetRoundTripCarriesOnlyPublicMembers() {
    KeyFiles.Generated a = KeyFiles.generate(dir, "k");
    String json = JwkSet.toJson(List.of(a.key().publicKey()));
    assertThat(json).contains("\"kid\":\"" + a.key().keyId() + "\"").doesNotContain("\"d\"");
    assertThat(JwkSet.parse(json)).containsExactly(a.key().publicKey());
  }
}
