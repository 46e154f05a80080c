package io.mongoelastic.common.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** An X25519 private key with its public half. {@link #toString()} never shows the key. */
public final class DecryptionKey {
  private final X25519PrivateKeyParameters privateKey;
  private final EncryptionKey publicKey;

  DecryptionKey(X25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new EncryptionKey(privateKey.generatePublicKey().getEncoded());
  }

  /** A fresh random key pair. */
  public static DecryptionKey generate() {
    return new DecryptionKey(new X25519PrivateKeyParameters(new SecureRandom()));
  }

  public EncryptionKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return publicKey.keyId();
  }

  X25519PrivateKeyParameters parameters() {
    return privateKey;
  }

  AsymmetricCipherKeyPair keyPair() {
    return new AsymmetricCipherKeyPair(new X25519PublicKeyParameters(publicKey.raw()), privateKey);
  }

  @Override
  public String toString() {
    return "DecryptionKey[kid=" + keyId() + "]";
  }
}
