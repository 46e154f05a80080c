package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replies written from a batch's encoding are byte for byte what mongo-java-server's encoder writes
 * for the same documents.
 */
class ReplyMessageEncoderTest {
  private static byte[] written(ChannelHandler encoder, Document reply) {
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    try {
      channel.writeOutbound(new MongoMessage(channel, new MessageHeader(7, 3), reply));
      ByteBuf bytes = channel.readOutbound();
      try {
        return ByteBufUtil.getBytes(bytes);
      } finally {
        bytes.release();
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static Document reply(List<Document> batch) {
    return new Document(
            "cursor", new Document("id", 5L).append("ns", "db.items").append("firstBatch", batch))
        .append("ok", 1.0);
  }

  private static final ObjectId ID = new ObjectId();

  private static List<Document> documents() {
    return List.of(
        new Document("_id", ID).append("name", "ä€😀").append("n", 1),
        new Document("_id", 2).append("nested", new Document("list", List.of(1, 2, 3))));
  }

  @Test
  void writesTheEncodedDocumentsAsTheEncoderWouldEncodeThem() {
    EncodedBatch batch = new EncodedBatch();
    for (Document document : documents()) {
      batch.encode(document);
      batch.addEncoded(document);
    }

    assertThat(written(new ReplyMessageEncoder(), reply(batch)))
        .isEqualTo(written(new MongoWireMessageEncoder(), reply(documents())));
  }

  @Test
  void skipsADocumentEncodedButNotAdded() {
    EncodedBatch batch = new EncodedBatch();
    List<Document> documents = documents();
    batch.encode(documents.get(0));
    batch.addEncoded(documents.get(0));
    batch.encode(documents.get(1)); // did not fit: not added

    assertThat(written(new ReplyMessageEncoder(), reply(batch)))
        .isEqualTo(written(new MongoWireMessageEncoder(), reply(List.of(documents.get(0)))));
  }

  @Test
  void encodesABatchChangedAfterEncodingFromItsDocuments() {
    EncodedBatch batch = new EncodedBatch();
    List<Document> documents = documents();
    batch.encode(documents.get(0));
    batch.addEncoded(documents.get(0));
    batch.add(documents.get(1));

    assertThat(written(new ReplyMessageEncoder(), reply(batch)))
        .isEqualTo(written(new MongoWireMessageEncoder(), reply(documents)));
  }
}
