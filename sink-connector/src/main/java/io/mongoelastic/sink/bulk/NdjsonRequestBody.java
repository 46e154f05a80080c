package io.mongoelastic.sink.bulk;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A bulk request body the HTTP client writes straight from its array, as much per write as the
 * socket takes. Given a plain entity, the low-level client streams it through an 8 KiB buffer:
 * about 700 writes for a 5 MiB request, which cost the client's I/O thread and make the node read
 * and parse the body in as many pieces. Repeatable: each attempt starts from the first byte.
 */
final class NdjsonRequestBody extends ByteArrayEntity implements AsyncEntityProducer {
  private final byte[] bytes;
  private volatile ByteBuffer unsent;

  NdjsonRequestBody(byte[] bytes, ContentType contentType) {
    super(bytes, contentType);
    this.bytes = bytes;
  }

  @Override
  public int available() {
    ByteBuffer buffer = unsent;
    return buffer == null ? bytes.length : buffer.remaining();
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    ByteBuffer buffer = unsent;
    if (buffer == null) {
      buffer = ByteBuffer.wrap(bytes);
      unsent = buffer;
    }
    if (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    if (!buffer.hasRemaining()) {
      channel.endStream();
    }
  }

  @Override
  public void failed(Exception cause) {
    // the client reports the failure with the response; there is nothing to clean up here
  }

  @Override
  public void releaseResources() {
    unsent = null;
  }
}
