package io.mongoelastic.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretEnvelopeTamperTest {
  private static final DecryptionKey KEY = DecryptionKey.generate();
  private static final DecryptionKey OTHER = DecryptionKey.generate();
  private static final FieldLocation HERE = new FieldLocation("cfg", "mongo-source", "mongodb.uri");
  private static final String SECRET = "mongodb://user:s3cret@db:27017/?replicaSet=rs0";

  private static Map<String, Object> sealedHere() {
    return new LinkedHashMap<>(new SecretSealer(KEY.publicKey()).seal(HERE, SECRET).toMap());
  }

  private static String open(FieldLocation at, Map<String, Object> stored) {
    return new SecretOpener(KeyRing.of(KEY)).open(at, stored);
  }

  @Test
  void roundTripReturnsThePlainText() {
    assertThat(open(HERE, sealedHere())).isEqualTo(SECRET);
  }

  @Test
  void envelopeSurvivesJsonRoundTripAndHidesCiphertextInToString() {
    SecretEnvelope envelope = new SecretSealer(KEY.publicKey()).seal(HERE, SECRET);
    SecretEnvelope parsed = SecretEnvelope.fromJson(envelope.toJson());
    assertThat(new SecretOpener(KeyRing.of(KEY)).open(HERE, parsed)).isEqualTo(SECRET);
    assertThat(envelope.toJson()).doesNotContain(SECRET).contains("\"kid\":\"" + KEY.keyId());
    assertThat(envelope.toString()).doesNotContain(envelope.toMap().get("ct").toString());
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    assertThat(sealedHere().get("ct")).isNotEqualTo(sealedHere().get("ct"));
  }

  static Stream<Arguments> tampered() {
    return Stream.of(
        tamper("flipped ct byte", m -> m.put("ct", flip((String) m.get("ct")))),
        tamper("flipped enc byte", m -> m.put("enc", flip((String) m.get("enc")))),
        tamper("truncated ct", m -> m.put("ct", ((String) m.get("ct")).substring(0, 20))),
        tamper("truncated enc", m -> m.put("enc", ((String) m.get("enc")).substring(0, 20))),
        tamper("empty ct", m -> m.put("ct", "")),
        tamper("ct not base64", m -> m.put("ct", "!!!")),
        tamper("unknown version", m -> m.put("v", 2)),
        tamper("version as text", m -> m.put("v", "1")),
        tamper("unknown suite", m -> m.put("suite", "X25519-HKDF-SHA256-CHACHA20POLY1305")),
        tamper("missing kid", m -> m.remove("kid")),
        tamper("missing enc", m -> m.remove("enc")),
        tamper("extra member", m -> m.put("note", "x")),
        tamper("enc and ct swapped", m -> m.put("enc", m.put("ct", m.get("enc")))),
        tamper(
            "ct from another sealing",
            m ->
                m.put(
                    "ct", new SecretSealer(KEY.publicKey()).seal(HERE, SECRET).toMap().get("ct"))));
  }

  private static Arguments tamper(String name, Consumer<Map<String, Object>> change) {
    return Arguments.of(name, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tampered")
  void everyTamperedEnvelopeFailsWithTheSameMessage(
      String name, Consumer<Map<String, Object>> change) {
    Map<String, Object> stored = sealedHere();
    change.accept(stored);
    assertThatThrownBy(() -> open(HERE, stored))
        .isExactlyInstanceOf(UndecryptableValueException.class)
        .hasMessage(UndecryptableValueException.MESSAGE);
  }

  @ParameterizedTest(name = "moved to {0}")
  @MethodSource("otherLocations")
  void ciphertextMovedElsewhereDoesNotDecrypt(FieldLocation elsewhere) {
    Map<String, Object> stored = sealedHere();
    assertThatThrownBy(() -> open(elsewhere, stored))
        .isExactlyInstanceOf(UndecryptableValueException.class)
        .hasMessage(UndecryptableValueException.MESSAGE);
  }

  static Stream<FieldLocation> otherLocations() {
    return Stream.of(
        new FieldLocation("cfg", "mongo-source", "mongodb.password"),
        new FieldLocation("cfg", "other-doc", "mongodb.uri"),
        new FieldLocation("cfg2", "mongo-source", "mongodb.uri"),
        // Length prefixes keep boundaries unambiguous: moving a dot across parts changes the AAD.
        new FieldLocation("cfg", "mongo-source.mongodb", "uri"),
        new FieldLocation("cf", "gmongo-source", "mongodb.uri"));
  }

  @Test
  void wrongPrivateKeyWithTheSameKeyIdFailsWithTheSameMessage() {
    // Claim the other key's id: the attacker-chosen kid selects a key that cannot open the value.
    Map<String, Object> stored = sealedHere();
    stored.put("kid", OTHER.keyId());
    assertThatThrownBy(() -> new SecretOpener(KeyRing.of(KEY, OTHER)).open(HERE, stored))
        .isExactlyInstanceOf(UndecryptableValueException.class)
        .hasMessage(UndecryptableValueException.MESSAGE);
  }

  @Test
  void unknownKeyIdFailsClosedNamingTheKeyId() {
    Map<String, Object> stored = sealedHere();
    assertThatThrownBy(() -> new SecretOpener(KeyRing.of(OTHER)).open(HERE, stored))
        .isInstanceOf(UnknownKeyIdException.class)
        .hasMessageContaining(KEY.keyId())
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void severalKeysOpenValuesSealedForEitherKey() {
    KeyRing ring = KeyRing.of(KEY, OTHER);
    SecretEnvelope old = new SecretSealer(OTHER.publicKey()).seal(HERE, "old");
    SecretEnvelope current = new SecretSealer(KEY.publicKey()).seal(HERE, "new");
    assertThat(new SecretOpener(ring).open(HERE, old)).isEqualTo("old");
    assertThat(new SecretOpener(ring).open(HERE, current)).isEqualTo("new");
  }

  @Test
  void keyIdIsTheRfc7638ThumbprintOfThePublicKey() throws Exception {
    String canonical = "{\"crv\":\"X25519\",\"kty\":\"OKP\",\"x\":\"" + KEY.publicKey().x() + "\"}";
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(KEY.keyId())
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest))
        .hasSize(43);
  }

  private static String flip(String b64) {
    byte[] bytes = Base64.getUrlDecoder().decode(b64);
    bytes[bytes.length / 2] ^= 0x01;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
