package io.mongoelastic.common.crypto;

/**
 * A value sealed for a key id none of the loaded private keys has. Fails closed, naming the key id
 * (a public key thumbprint, not a secret) so an operator can find the missing key file.
 */
public final class UnknownKeyIdException extends UndecryptableValueException {
  private static final long serialVersionUID = 1L;
  private final String keyId;

  public UnknownKeyIdException(String keyId) {
    super(
        "the value is encrypted for key id '"
            + keyId
            + "', which is not among the loaded private keys; add that key's file to the"
            + " provider's private.keys.path or write the value again with a current key");
    this.keyId = keyId;
  }

  public String keyId() {
    return keyId;
  }
}
