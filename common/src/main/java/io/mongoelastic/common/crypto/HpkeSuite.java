package io.mongoelastic.common.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * The one HPKE (RFC 9180) suite used for config secrets: base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM. Changing any part means a new {@link #NAME} and envelope version.
 */
public final class HpkeSuite {
  /** The suite name written into every envelope. */
  public static final String NAME = "X25519-HKDF-SHA256-AES256GCM";

  /** Envelope format version. */
  public static final int VERSION = 1;

  /** HPKE "info": separates these ciphertexts from any other use of the same keys. */
  static final byte[] INFO = "mongoelastic/config-secret/v1".getBytes(StandardCharsets.UTF_8);

  private HpkeSuite() {}

  static HPKE hpke() {
    return new HPKE(
        HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }
}
