package io.mongoelastic.common.crypto;

/** A key file or folder that cannot be used; the message names the path, never key material. */
public final class KeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }
}
