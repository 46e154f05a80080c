package io.mongoelastic.common.provider;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes whole config documents of one index through the low-level client. Writes are
 * optimistic (sequence number and primary term), so concurrent writers of different fields of the
 * same document do not lose each other's changes. Never logs or returns document contents in
 * errors.
 */
public final class ConfigDocumentStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Rest5Client client;
  private final String index;

  public ConfigDocumentStore(Rest5Client client, String index) {
    this.client = client;
    this.index = index;
  }

  public String index() {
    return index;
  }

  /** One stored document with the version fields needed for a conditional write. */
  public record StoredDocument(Map<String, Object> source, long seqNo, long primaryTerm) {}

  /** The document, or empty when it or the index does not exist. */
  public Optional<StoredDocument> get(String documentId) throws IOException {
    Request request = new Request("GET", "/" + encode(index) + "/_doc/" + encode(documentId));
    JsonNode body;
    try {
      body = read(client.performRequest(request));
    } catch (ResponseException e) {
      if (e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw new IOException(
          "Elasticsearch answered HTTP " + e.getResponse().getStatusCode() + " reading " + index);
    }
    if (!body.path("found").asBoolean(false)) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> source = JSON.convertValue(body.path("_source"), LinkedHashMap.class);
    return Optional.of(
        new StoredDocument(
            source, body.path("_seq_no").asLong(), body.path("_primary_term").asLong()));
  }

  /**
   * Writes the document if it is unchanged since {@code previous} was read (or still absent when
   * {@code previous} is null).
   *
   * @return false when another writer got there first; read again and retry
   */
  public boolean putIfUnchanged(
      String documentId, Map<String, Object> source, StoredDocument previous) throws IOException {
    Request request = new Request("PUT", "/" + encode(index) + "/_doc/" + encode(documentId));
    if (previous == null) {
      request.addParameter("op_type", "create");
    } else {
      request.addParameter("if_seq_no", Long.toString(previous.seqNo()));
      request.addParameter("if_primary_term", Long.toString(previous.primaryTerm()));
    }
    request.addParameter("refresh", "wait_for");
    request.setJsonEntity(JSON.writeValueAsString(source));
    try {
      client.performRequest(request);
      return true;
    } catch (ResponseException e) {
      if (e.getResponse().getStatusCode() == 409) {
        return false;
      }
      throw new IOException(
          "Elasticsearch answered HTTP "
              + e.getResponse().getStatusCode()
              + " writing document '"
              + documentId
              + "' of "
              + index);
    }
  }

  /**
   * Creates the index when missing, with mapping disabled: config documents are only fetched by id,
   * and an unmapped source accepts any field names and value shapes (dotted names, envelopes).
   */
  public void ensureIndex() throws IOException {
    try {
      // The low-level client reports a HEAD 404 as a response, not an exception.
      if (client.performRequest(new Request("HEAD", "/" + encode(index))).getStatusCode() == 200) {
        return;
      }
    } catch (ResponseException e) {
      if (e.getResponse().getStatusCode() != 404) {
        throw new IOException("Elasticsearch answered HTTP " + e.getResponse().getStatusCode());
      }
    }
    Request create = new Request("PUT", "/" + encode(index));
    create.setJsonEntity(
        "{\"settings\":{\"number_of_shards\":1,\"auto_expand_replicas\":\"0-1\"},"
            + "\"mappings\":{\"enabled\":false}}");
    try {
      client.performRequest(create);
    } catch (ResponseException e) {
      if (e.getResponse().getStatusCode() != 400) { // 400: created meanwhile by another writer
        throw new IOException(
            "Elasticsearch answered HTTP "
                + e.getResponse().getStatusCode()
                + " creating "
                + index);
      }
    }
  }

  private static JsonNode read(Response response) throws IOException {
    try (InputStream in = response.getEntity().getContent()) {
      return JSON.readTree(in);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
