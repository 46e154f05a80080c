package io.mongoelastic.common.provider;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.FieldLocation;
import io.mongoelastic.common.crypto.SecretSealer;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes fields of config documents, encrypting them with a worker's public key when asked: the
 * Java counterpart of {@code mongoelastic put}. A writer never needs, and cannot use, a private
 * key, so whoever writes a secret cannot read it back.
 *
 * <pre>{@code
 * EncryptionKey key = WorkerPublicKeys.fetch("http://worker:8083/mongoelastic/keys").get(0);
 * try (ConfigDocumentWriter writer = ConfigDocumentWriter.create(connection, "mongoelastic-config", key)) {
 *   writer.writeField("mongo-source", "mongodb.uri", uri, true);
 * }
 * }</pre>
 */
public final class ConfigDocumentWriter implements AutoCloseable {
  private static final int ATTEMPTS = 10;
  private final ConfigDocumentStore store;
  private final SecretSealer sealer;
  private final Rest5Client ownedClient;

  /**
   * @param publicKey key to encrypt with; null when only plain fields will be written
   */
  public ConfigDocumentWriter(ConfigDocumentStore store, EncryptionKey publicKey) {
    this(store, publicKey, null);
  }

  private ConfigDocumentWriter(
      ConfigDocumentStore store, EncryptionKey publicKey, Rest5Client own) {
    this.store = store;
    this.sealer = publicKey == null ? null : new SecretSealer(publicKey);
    this.ownedClient = own;
  }

  /** A writer with its own client; close it when done. */
  public static ConfigDocumentWriter create(
      ElasticsearchConnectionConfig connection, String index, EncryptionKey publicKey) {
    Rest5Client client = ElasticsearchClientFactory.lowLevelClient(connection);
    return new ConfigDocumentWriter(new ConfigDocumentStore(client, index), publicKey, client);
  }

  /**
   * Sets one field of a document (creating index and document when missing), leaving the other
   * fields as they are.
   *
   * @param encrypted store an envelope sealed for this index, document and field
   */
  public void writeField(String documentId, String field, String value, boolean encrypted)
      throws IOException {
    if (encrypted && sealer == null) {
      throw new IllegalStateException("Encrypting needs a public key; none was given");
    }
    Object stored =
        encrypted
            ? sealer.seal(new FieldLocation(store.index(), documentId, field), value).toMap()
            : value;
    update(documentId, field, stored);
  }

  /** Removes one field; no-op when absent. */
  public void removeField(String documentId, String field) throws IOException {
    update(documentId, field, null);
  }

  private void update(String documentId, String field, Object stored) throws IOException {
    store.ensureIndex();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ConfigDocumentStore.StoredDocument previous = store.get(documentId).orElse(null);
      Map<String, Object> source =
          previous == null ? new LinkedHashMap<>() : new LinkedHashMap<>(previous.source());
      if (stored == null) {
        source.remove(field);
      } else {
        source.put(field, stored);
      }
      if (store.putIfUnchanged(documentId, source, previous)) {
        return;
      }
    }
    throw new IOException(
        "Document '" + documentId + "' kept changing under concurrent writers; try again");
  }

  @Override
  public void close() throws IOException {
    if (ownedClient != null) {
      ownedClient.close();
    }
  }
}
