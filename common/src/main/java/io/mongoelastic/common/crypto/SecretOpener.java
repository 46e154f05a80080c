package io.mongoelastic.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Decrypts stored values with the loaded private keys, rebuilding the associated data from the
 * location where the value was found. Thread-safe.
 */
public final class SecretOpener {
  private final KeyRing keys;

  public SecretOpener(KeyRing keys) {
    this.keys = keys;
  }

  /**
   * The plain text of an envelope stored at {@code location}.
   *
   * @throws UnknownKeyIdException when no loaded key has the envelope's key id
   * @throws UndecryptableValueException on any other failure, always with the same message
   */
  public String open(FieldLocation location, SecretEnvelope envelope) {
    if (envelope.version() != HpkeSuite.VERSION || !HpkeSuite.NAME.equals(envelope.suite())) {
      throw new UndecryptableValueException();
    }
    DecryptionKey key = keys.find(envelope.keyId());
    if (key == null) {
      throw new UnknownKeyIdException(envelope.keyId());
    }
    if (envelope.enc().length != 32 || envelope.ct().length < 16) {
      throw new UndecryptableValueException();
    }
    byte[] aad = location.associatedData(envelope.version(), envelope.suite(), envelope.keyId());
    try {
      byte[] plain =
          HpkeSuite.hpke()
              .open(
                  envelope.enc(),
                  key.keyPair(),
                  HpkeSuite.INFO,
                  aad,
                  envelope.ct(),
                  null,
                  null,
                  null);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
    } catch (CharacterCodingException | InvalidCipherTextException | RuntimeException e) {
      throw new UndecryptableValueException();
    }
  }

  /** Convenience: parses a stored map as an envelope first. */
  public String open(FieldLocation location, Map<?, ?> storedValue) {
    return open(location, SecretEnvelope.fromMap(storedValue));
  }
}
