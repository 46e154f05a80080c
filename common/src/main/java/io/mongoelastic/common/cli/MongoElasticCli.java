package io.mongoelastic.common.cli;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.KeyFileException;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.provider.ConfigDocumentStore;
import io.mongoelastic.common.provider.ConfigDocumentView;
import io.mongoelastic.common.provider.ConfigDocumentWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar common-*-cli.jar}: generates key pairs and writes or inspects config documents.
 * Never prints a secret value; {@code get} shows encrypted fields only as their key id.
 */
public final class MongoElasticCli {
  static final String DEFAULT_INDEX = "mongoelastic-config";

  static final String HELP =
      """
      Usage: java -jar common-<version>-cli.jar <command> [options]

      Commands:
        keys generate --out DIR [--name NAME]
            Writes NAME.key.pem (private, mode 600: give it to the worker only) and
            NAME.pub.pem (public). NAME defaults to mongoelastic-<UTC timestamp>.

        put --es URL[,URL] --doc ID --field FIELD <value source> [--index INDEX] [auth]
            [--encrypt (--public-key-url URL | --public-key FILE) [--kid KID]]
            Sets one field of a config document, leaving its other fields unchanged.
            Value source: --stdin (recommended for secrets), --value-file FILE, or
            --value VALUE (visible in shell history and process lists).
            --encrypt seals the value with the worker's public key, preferably fetched from
            the worker: --public-key-url http://worker:8083/mongoelastic/keys. The newest key
            is used unless --kid names another.

        get --es URL[,URL] --doc ID [--index INDEX] [auth]
            Shows the plain fields of a document; encrypted fields only as "encrypted" with
            their key id.

      Elasticsearch authentication (credentials are read from environment variables):
        --username USER --password-env VAR | --api-key-env VAR   [--ca-file CA.pem]

      --index defaults to mongoelastic-config; it must equal the provider's config.index,
      because encrypted values are bound to the index, document id and field name.
      """;

  private final PrintStream out;
  private final PrintStream err;
  private final InputStream in;

  MongoElasticCli(PrintStream out, PrintStream err, InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(new MongoElasticCli(System.out, System.err, System.in).run(args));
  }

  /** Runs one command; returns the exit code (0 ok, 1 failure, 2 usage error). */
  int run(String[] argv) {
    try {
      CliArguments args = new CliArguments(argv, Set.of("encrypt", "stdin", "help"));
      List<String> words = args.words();
      if (args.flag("help") || words.isEmpty() || words.get(0).equals("help")) {
        out.print(HELP);
        return words.isEmpty() && !args.flag("help") ? 2 : 0;
      }
      switch (String.join(" ", words)) {
        case "keys generate" -> generate(args);
        case "put" -> put(args);
        case "get" -> get(args);
        default ->
            throw new CliArguments.UsageException("Unknown command: " + String.join(" ", words));
      }
      return 0;
    } catch (CliArguments.UsageException e) {
      err.println(e.getMessage());
      err.println("Run with --help for usage.");
      return 2;
    } catch (IOException | KeyFileException | IllegalArgumentException e) {
      err.println("Failed: " + e.getMessage());
      return 1;
    }
  }

  private void generate(CliArguments args) {
    Path dir = Path.of(args.required("out"));
    String name =
        args.option(
            "name",
            "mongoelastic-"
                + ZonedDateTime.now(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    args.rejectUnknown();
    KeyFiles.Generated generated = KeyFiles.generate(dir, name);
    out.println("Private key: " + generated.privateFile() + " (give it to the worker only)");
    out.println("Public key:  " + generated.publicFile());
    out.println("Key id:      " + generated.key().keyId());
  }

  private void put(CliArguments args) throws IOException {
    String doc = args.required("doc");
    String field = args.required("field");
    String index = args.option("index", DEFAULT_INDEX);
    boolean encrypt = args.flag("encrypt");
    String value = value(args);
    EncryptionKey key = encrypt ? publicKey(args) : null;
    try (Rest5Client client = CliElasticsearchConnection.client(args)) {
      args.rejectUnknown();
      new ConfigDocumentWriter(new ConfigDocumentStore(client, index), key)
          .writeField(doc, field, value, encrypt);
    }
    out.println(
        "Wrote field '"
            + field
            + "' of document '"
            + doc
            + "' in index '"
            + index
            + "'"
            + (encrypt ? " (encrypted for key id " + key.keyId() + ")" : " (plain)"));
  }

  private void get(CliArguments args) throws IOException {
    String doc = args.required("doc");
    String index = args.option("index", DEFAULT_INDEX);
    try (Rest5Client client = CliElasticsearchConnection.client(args)) {
      args.rejectUnknown();
      Map<String, Object> source =
          new ConfigDocumentStore(client, index)
              .get(doc)
              .orElseThrow(
                  () -> new IOException("No document '" + doc + "' in index '" + index + "'"))
              .source();
      ConfigDocumentView.describe(source)
          .forEach((name, shown) -> out.println(name + " = " + shown));
    }
  }

  private String value(CliArguments args) throws IOException {
    String inline = args.option("value");
    String file = args.option("value-file");
    boolean stdin = args.flag("stdin");
    int sources = (inline != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin ? 1 : 0);
    if (sources != 1) {
      throw new CliArguments.UsageException("Give exactly one of --value, --value-file or --stdin");
    }
    String value =
        inline != null
            ? inline
            : file != null
                ? Files.readString(Path.of(file), StandardCharsets.UTF_8)
                : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    // A trailing newline from echo or an editor is never part of a setting.
    return inline != null ? value : value.replaceAll("\\R\\z", "");
  }

  private EncryptionKey publicKey(CliArguments args) throws IOException {
    String url = args.option("public-key-url");
    String file = args.option("public-key");
    if ((url == null) == (file == null)) {
      throw new CliArguments.UsageException(
          "--encrypt needs exactly one of --public-key-url or --public-key");
    }
    List<EncryptionKey> keys =
        url != null ? WorkerPublicKeys.fetch(url) : KeyFiles.loadPublicKeys(file);
    String kid = args.option("kid");
    if (kid == null) {
      return keys.get(0);
    }
    return keys.stream()
        .filter(k -> k.keyId().equals(kid))
        .findFirst()
        .orElseThrow(() -> new IOException("No public key with key id " + kid));
  }
}
