package io.mongoelastic.sink.index;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure an index (or alias) exists before the first write to it, once per name and task: an
 * existing index or alias is left as it is; a missing index is created with the configured settings
 * and mapping, or an empty body (dynamic mapping, matching templates). A concurrent creation by
 * another task is fine.
 */
public final class IndexCreator {
  private static final Logger log = LoggerFactory.getLogger(IndexCreator.class);

  private final Rest5Client client;
  private final boolean create;
  private final String creationBody;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  /**
   * @param creationBody {"settings":…,"mappings":…} or null
   */
  public IndexCreator(Rest5Client client, boolean create, String creationBody) {
    this.client = client;
    this.create = create;
    this.creationBody = creationBody;
  }

  /**
   * Ensures every name exists (a no-op for names already seen, or when creation is off).
   *
   * @throws IOException when Elasticsearch cannot be asked or is unavailable; the caller retries
   * @throws ConnectException when Elasticsearch refuses the creation (settings, privileges)
   */
  public void ensureExists(Iterable<String> names) throws IOException {
    if (!create) {
      return;
    }
    for (String name : names) {
      if (!known.contains(name)) {
        synchronized (this) { // one creation per name, not one per concurrent request
          if (!known.contains(name)) {
            ensureExists(name);
            known.add(name);
          }
        }
      }
    }
  }

  private void ensureExists(String name) throws IOException {
    // HEAD answers 200 for an index and for an alias: both are written to as they are.
    int exists = perform(new Request("HEAD", "/" + name)).getStatusCode();
    if (exists == 200) {
      return;
    }
    if (exists != 404) {
      throw new IOException("Checking index " + name + " answered HTTP " + exists);
    }
    Request put = new Request("PUT", "/" + name);
    if (creationBody != null) {
      put.setJsonEntity(creationBody);
    }
    Response response = perform(put);
    int status = response.getStatusCode();
    if (status >= 200 && status < 300) {
      log.info("Created index {}", name);
      return;
    }
    String body = bodyOf(response);
    if (status == 400 && body.contains("resource_already_exists_exception")) {
      return;
    }
    String message =
        "Cannot create index "
            + name
            + " (HTTP "
            + status
            + "): "
            + abbreviate(body)
            + ". Check index.settings, index.mapping (merged over index.defaults) and the user's privileges, or set"
            + " index.create=false and create it yourself.";
    if (status >= 400 && status < 500 && status != 401 && status != 408 && status != 429) {
      throw new ConnectException(message);
    }
    throw new IOException(message);
  }

  /** The response, also when the client reports an error status as an exception. */
  private Response perform(Request request) throws IOException {
    try {
      return client.performRequest(request);
    } catch (ResponseException e) {
      return e.getResponse();
    }
  }

  private static String bodyOf(Response response) {
    if (response.getEntity() == null) {
      return "";
    }
    try (InputStream in = response.getEntity().getContent()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }
}
