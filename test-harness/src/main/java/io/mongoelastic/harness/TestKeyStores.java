package io.mongoelastic.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TLS files for tests, made with the JDK's {@code keytool}: a PKCS12 keystore holding a self-signed
 * certificate and its key, the certificate as PEM, and a PKCS12 truststore trusting it.
 *
 * @param keystore PKCS12 with the key and certificate, password {@link #password}
 * @param certificatePem the certificate, PEM
 * @param truststore PKCS12 with the certificate as a trusted entry, password {@link #password}
 * @param password the password of both stores and of the key
 */
public record TestKeyStores(Path keystore, Path certificatePem, Path truststore, String password) {

  /** Creates the three files in {@code folder}. */
  public static TestKeyStores create(Path folder, String password) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path keystore = folder.resolve("client.p12");
    Path pem = folder.resolve("ca.pem");
    Path truststore = folder.resolve("truststore.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "test",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=mongoelastic-test",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "test",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-file",
        pem.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        pem.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        truststore.toString(),
        "-storepass",
        password);
    return new TestKeyStores(keystore, pem, truststore, password);
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    CommandRunner.run(command, null);
  }
}
