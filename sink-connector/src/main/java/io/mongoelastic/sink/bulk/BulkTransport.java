package io.mongoelastic.sink.bulk;

import java.util.List;

/** Sends one batch as a bulk request and returns each item's result in order. */
interface BulkTransport {
  /**
   * @throws BulkRequestSender.RequestFailedException when the request failed as a whole and may be
   *     retried
   * @throws org.apache.kafka.connect.errors.ConnectException when it must not be retried
   */
  List<ItemResult> send(List<PendingAction> batch, byte[] body)
      throws BulkRequestSender.RequestFailedException;
}
