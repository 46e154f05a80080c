package io.mongoelastic.common.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** Encrypts a value for one location with a worker's public key. Needs no private key. */
public final class SecretSealer {
  private final EncryptionKey publicKey;

  public SecretSealer(EncryptionKey publicKey) {
    this.publicKey = publicKey;
  }

  public EncryptionKey publicKey() {
    return publicKey;
  }

  public SecretEnvelope seal(FieldLocation location, String plaintext) {
    byte[] aad = location.associatedData(HpkeSuite.VERSION, HpkeSuite.NAME, publicKey.keyId());
    try {
      byte[][] ctAndEnc =
          HpkeSuite.hpke()
              .seal(
                  new X25519PublicKeyParameters(publicKey.raw()),
                  HpkeSuite.INFO,
                  aad,
                  plaintext.getBytes(StandardCharsets.UTF_8),
                  null,
                  null,
                  null);
      return new SecretEnvelope(
          HpkeSuite.VERSION, HpkeSuite.NAME, publicKey.keyId(), ctAndEnc[1], ctAndEnc[0]);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }
}
