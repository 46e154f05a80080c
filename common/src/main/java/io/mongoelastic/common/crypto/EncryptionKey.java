package io.mongoelastic.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An X25519 public key and its key id: the RFC 7638 JWK thumbprint (SHA-256 of {@code
 * {"crv":"X25519","kty":"OKP","x":"…"}}, base64url), so any JWK tool computes the same id.
 */
public final class EncryptionKey {
  private final byte[] raw;
  private final String keyId;

  public EncryptionKey(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("An X25519 public key has 32 bytes, not " + raw.length);
    }
    this.raw = raw.clone();
    this.keyId = thumbprint(raw);
  }

  public byte[] raw() {
    return raw.clone();
  }

  public String keyId() {
    return keyId;
  }

  /** The "x" member of the JWK: unpadded base64url of the raw key. */
  public String x() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static String thumbprint(byte[] raw) {
    String jwk =
        "{\"crv\":\"X25519\",\"kty\":\"OKP\",\"x\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)
            + "\"}";
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "EncryptionKey[kid=" + keyId + "]";
  }
}
