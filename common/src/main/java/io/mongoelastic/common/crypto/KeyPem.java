package io.mongoelastic.common.crypto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * PEM encoding of X25519 keys, the same as {@code openssl genpkey -algorithm X25519} (private:
 * PKCS#8 {@code PRIVATE KEY}) and {@code openssl pkey -pubout} (public: X.509 SubjectPublicKeyInfo
 * {@code PUBLIC KEY}).
 */
public final class KeyPem {
  static final String PRIVATE = "PRIVATE KEY";
  static final String PUBLIC = "PUBLIC KEY";
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private KeyPem() {}

  /** One PEM block: its label and DER bytes. */
  record Block(String label, byte[] der) {}

  public static String privateKeyPem(DecryptionKey key) {
    try {
      return pem(
          PRIVATE, PrivateKeyInfoFactory.createPrivateKeyInfo(key.parameters()).getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode an X25519 private key", e);
    }
  }

  public static String publicKeyPem(EncryptionKey key) {
    try {
      return pem(
          PUBLIC,
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                  new X25519PublicKeyParameters(key.raw()))
              .getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode an X25519 public key", e);
    }
  }

  /** Every PEM block of a text. */
  static List<Block> blocks(String text) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
    }
    return blocks;
  }

  static DecryptionKey privateKey(byte[] pkcs8) throws IOException {
    AsymmetricKeyParameter key = PrivateKeyFactory.createKey(pkcs8);
    if (!(key instanceof X25519PrivateKeyParameters x25519)) {
      throw new IOException("not an X25519 private key");
    }
    return new DecryptionKey(x25519);
  }

  static EncryptionKey publicKey(byte[] spki) throws IOException {
    AsymmetricKeyParameter key = PublicKeyFactory.createKey(spki);
    if (!(key instanceof X25519PublicKeyParameters x25519)) {
      throw new IOException("not an X25519 public key");
    }
    return new EncryptionKey(x25519.getEncoded());
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }
}
