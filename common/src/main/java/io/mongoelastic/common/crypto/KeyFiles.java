package io.mongoelastic.common.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Key pair files in PEM: {@code <name>.key.pem} (PKCS#8 private key, owner-only permissions) and
 * {@code <name>.pub.pem} (public key). A key location is a file, a comma-separated list of files,
 * or a folder; in a folder every {@code *.pem} file is read and only blocks of the wanted kind are
 * taken, so one folder can hold both halves. Public keys from a folder are ordered by file name,
 * greatest first: the default names carry a UTC timestamp, so the newest key comes first and is the
 * one writers use.
 */
public final class KeyFiles {
  public static final String PRIVATE_SUFFIX = ".key.pem";
  public static final String PUBLIC_SUFFIX = ".pub.pem";

  private KeyFiles() {}

  /** Files written by {@link #generate}. */
  public record Generated(DecryptionKey key, Path privateFile, Path publicFile) {}

  /** Generates a key pair and writes both files into {@code dir}; refuses to overwrite. */
  public static Generated generate(Path dir, String name) {
    DecryptionKey key = DecryptionKey.generate();
    Path privateFile = dir.resolve(name + PRIVATE_SUFFIX);
    Path publicFile = dir.resolve(name + PUBLIC_SUFFIX);
    try {
      Files.createDirectories(dir);
      if (Files.exists(privateFile) || Files.exists(publicFile)) {
        throw new KeyFileException("Key files named " + name + " already exist in " + dir);
      }
      Files.createFile(privateFile);
      try {
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the folder's own permissions must protect the key.
      }
      Files.writeString(privateFile, KeyPem.privateKeyPem(key), StandardCharsets.US_ASCII);
      Files.writeString(
          publicFile, KeyPem.publicKeyPem(key.publicKey()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyFileException("Cannot write key files into " + dir + ": " + e.getMessage());
    }
    return new Generated(key, privateFile, publicFile);
  }

  /** Every private key at the location; fails when there is none. */
  public static KeyRing loadPrivateKeys(String location) {
    List<DecryptionKey> keys = new ArrayList<>();
    for (Path file : files(location)) {
      for (KeyPem.Block block : blocks(file)) {
        if (block.label().equals(KeyPem.PRIVATE)) {
          try {
            keys.add(KeyPem.privateKey(block.der()));
          } catch (IOException | RuntimeException e) {
            throw new KeyFileException(file + " holds a private key that is not X25519 PKCS#8");
          }
        }
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException("No X25519 private key (PEM 'PRIVATE KEY') found at " + location);
    }
    return new KeyRing(keys);
  }

  /** Every public key at the location, newest first, without duplicates; fails when none. */
  public static List<EncryptionKey> loadPublicKeys(String location) {
    Map<String, EncryptionKey> keys = new LinkedHashMap<>();
    for (Path file : files(location)) {
      for (KeyPem.Block block : blocks(file)) {
        if (block.label().equals(KeyPem.PUBLIC)) {
          try {
            EncryptionKey key = KeyPem.publicKey(block.der());
            keys.putIfAbsent(key.keyId(), key);
          } catch (IOException | RuntimeException e) {
            throw new KeyFileException(file + " holds a public key that is not X25519");
          }
        }
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFileException("No X25519 public key (PEM 'PUBLIC KEY') found at " + location);
    }
    return List.copyOf(keys.values());
  }

  /** Parses one public key from PEM text. */
  public static EncryptionKey parsePublicKey(String pem) {
    for (KeyPem.Block block : KeyPem.blocks(pem)) {
      if (block.label().equals(KeyPem.PUBLIC)) {
        try {
          return KeyPem.publicKey(block.der());
        } catch (IOException | RuntimeException e) {
          throw new KeyFileException("The PEM public key is not X25519");
        }
      }
    }
    throw new KeyFileException("No PEM 'PUBLIC KEY' block found");
  }

  private static List<Path> files(String location) {
    if (location == null || location.isBlank()) {
      throw new KeyFileException("No key location given");
    }
    List<Path> files = new ArrayList<>();
    for (String part : location.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      Path path = Path.of(part.trim());
      if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          children
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".pem"))
              .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
              .forEach(files::add);
        } catch (IOException e) {
          throw new KeyFileException("Cannot list key folder " + path);
        }
      } else if (Files.isRegularFile(path) && Files.isReadable(path)) {
        files.add(path);
      } else {
        throw new KeyFileException("No readable key file or folder at " + path);
      }
    }
    return files;
  }

  private static List<KeyPem.Block> blocks(Path file) {
    try {
      return KeyPem.blocks(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new KeyFileException("Cannot read key file " + file);
    }
  }
}
