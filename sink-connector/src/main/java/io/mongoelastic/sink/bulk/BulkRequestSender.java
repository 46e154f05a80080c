package io.mongoelastic.sink.bulk;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.sink.index.IndexCreator;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Sends one batch as a single {@code POST /_bulk} of the actions' pre-built NDJSON through the
 * low-level client, after making sure the target indices exist.
 */
public final class BulkRequestSender implements BulkTransport {
  static final ContentType NDJSON = ContentType.create("application/x-ndjson");
  static final String RESPONSE_FIELDS =
      "errors,items.*.status,items.*.error.type,items.*.error.reason";

  private final Rest5Client client;
  private final IndexCreator indices;

  public BulkRequestSender(Rest5Client client, IndexCreator indices) {
    this.client = client;
    this.indices = indices;
  }

  /** Thrown when the whole request failed in a way that may pass (connection, 429, 5xx). */
  static final class RequestFailedException extends IOException {
    RequestFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Posts the batch and returns each item's result in order.
   *
   * @throws RequestFailedException when the request failed as a whole and may be retried
   * @throws ConnectException when Elasticsearch refuses the request for good
   */
  @Override
  public List<ItemResult> send(List<PendingAction> batch, byte[] body)
      throws RequestFailedException {
    Set<String> names = new LinkedHashSet<>();
    batch.forEach(action -> names.add(action.index));
    try {
      indices.ensureExists(names);
    } catch (IOException e) {
      throw new RequestFailedException("index check failed: " + describe(e), e);
    }
    Request request = new Request("POST", "/_bulk");
    // Only what the verdicts need: Elasticsearch then writes (and we read) a few bytes per item
    // instead of each item's index, id, version, shards and sequence number.
    request.addParameter("filter_path", RESPONSE_FIELDS);
    request.setEntity(new NdjsonRequestBody(body, NDJSON));
    Response response;
    try {
      response = client.performRequest(request);
    } catch (ResponseException e) {
      response = e.getResponse();
    } catch (IOException e) {
      throw new RequestFailedException(describe(e), e);
    }
    int status = response.getStatusCode();
    if (status == 413) {
      throw new ConnectException(
          "Elasticsearch refused a bulk request of "
              + body.length
              + " bytes as too large (413). Lower bulk.max.bytes below the cluster's"
              + " http.max_content_length.");
    }
    if (status == 400) {
      throw new ConnectException(
          "Elasticsearch refused a bulk request as invalid (400); this is a bug in the sink,"
              + " please report it with the task log.");
    }
    if (status != 200) {
      throw new RequestFailedException(statusText(status), null);
    }
    try (InputStream in = response.getEntity().getContent()) {
      return BulkResponseParser.parse(in, batch.size());
    } catch (IOException e) {
      throw new RequestFailedException("unreadable bulk response: " + describe(e), e);
    }
  }

  private static String statusText(int status) {
    return switch (status) {
      case 401 ->
          "401 unauthorized: check elasticsearch.username/password or elasticsearch.api.key";
      case 403 -> "403 forbidden: the user needs the 'index' and 'create_index' privileges";
      case 429 -> "429 too many requests";
      default -> "HTTP " + status;
    };
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
