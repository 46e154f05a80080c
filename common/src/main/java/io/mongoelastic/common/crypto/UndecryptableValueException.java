package io.mongoelastic.common.crypto;

/**
 * A stored value that cannot be turned into a plain value. Every cause (tampering, truncation, a
 * value moved from another location, a wrong key, an unknown format, plain text in a secret field)
 * gives the same {@link #MESSAGE}, so the error reveals nothing about which check failed.
 */
public class UndecryptableValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The one message for every decryption failure. */
  public static final String MESSAGE =
      "the stored value is not a valid encrypted value for this index, document and field;"
          + " write it again with the worker's current public key (mongoelastic put --encrypt)";

  public UndecryptableValueException() {
    super(MESSAGE);
  }

  protected UndecryptableValueException(String message) {
    super(message);
  }
}
