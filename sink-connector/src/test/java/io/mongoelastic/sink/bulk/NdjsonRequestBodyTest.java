package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.junit.jupiter.api.Test;

class NdjsonRequestBodyTest {

  /** A socket that takes at most {@code perWrite} bytes per write, like a full send buffer. */
  private static final class Channel implements DataStreamChannel {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final int perWrite;
    int writes;
    int ends;

    Channel(int perWrite) {
      this.perWrite = perWrite;
    }

    @Override
    public void requestOutput() {}

    @Override
    public int write(ByteBuffer src) {
      int n = Math.min(perWrite, src.remaining());
      byte[] chunk = new byte[n];
      src.get(chunk);
      received.writeBytes(chunk);
      writes++;
      return n;
    }

    @Override
    public void endStream(List<? extends Header> trailers) {
      ends++;
    }

    @Override
    public void endStream() {
      ends++;
    }
  }

  private static final byte[] BODY =
      "{\"index\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"a\":1}\n"
          .repeat(1000)
          .getBytes(StandardCharsets.UTF_8);

  private static void sendAll(NdjsonRequestBody body, Channel channel) throws Exception {
    for (int calls = 0; channel.ends == 0 && calls < 10_000; calls++) {
      body.produce(channel);
    }
  }

  @Test
  void handsTheSocketEverythingItTakesAndEndsOnce() throws Exception {
    NdjsonRequestBody body = new NdjsonRequestBody(BODY, BulkRequestSender.NDJSON);
    Channel roomy = new Channel(Integer.MAX_VALUE);
    body.produce(roomy);
    assertThat(roomy.writes).as("one write when the socket takes it all").isEqualTo(1);
    assertThat(roomy.ends).isEqualTo(1);
    assertThat(roomy.received.toByteArray()).isEqualTo(BODY);
    assertThat(body.getContentLength()).isEqualTo(BODY.length);
  }

  @Test
  void resumesWherePartialWritesStoppedAndRestartsForAnotherAttempt() throws Exception {
    NdjsonRequestBody body = new NdjsonRequestBody(BODY, BulkRequestSender.NDJSON);
    Channel slow = new Channel(1000);
    body.produce(slow);
    assertThat(body.available()).isEqualTo(BODY.length - 1000);
    sendAll(body, slow);
    assertThat(slow.received.toByteArray()).isEqualTo(BODY);
    assertThat(slow.ends).isEqualTo(1);

    // the client releases the producer after an exchange; a retry must send the whole body again
    body.releaseResources();
    assertThat(body.isRepeatable()).isTrue();
    Channel retry = new Channel(4096);
    sendAll(body, retry);
    assertThat(retry.received.toByteArray()).isEqualTo(BODY);
  }
}
