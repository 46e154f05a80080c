package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The documents of one reply batch together with their BSON encoding. A cursor encodes each
 * document once when it adds it, which tells the 16 MiB batch limit its size, and {@link
 * ReplyMessageEncoder} writes those bytes instead of encoding the document again. To everything
 * else it is an ordinary list of documents.
 */
final class EncodedBatch extends ArrayList<Document> {
  private static final long serialVersionUID = 1L;

  private final transient ByteBuf encoded = Unpooled.buffer();
  private int[] ends = new int[16];
  private int encodedCount;

  /** Encodes a document; returns its size. {@link #addEncoded} then adds it. */
  int encode(Document document) {
    encoded.writerIndex(encodedCount == 0 ? 0 : ends[encodedCount - 1]);
    int start = encoded.writerIndex();
    BsonEncoder.encodeDocument(document, encoded);
    return encoded.writerIndex() - start;
  }

  /** Adds the document last passed to {@link #encode}. */
  void addEncoded(Document document) {
    if (encodedCount == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
    }
    ends[encodedCount++] = encoded.writerIndex();
    add(document);
  }

  /** Whether the encoding still matches the list (nobody added or removed documents since). */
  boolean isIntact() {
    return encodedCount == size();
  }

  /** The encoded bytes of document {@code index}. */
  ByteBuf encodedDocument(int index) {
    int start = index == 0 ? 0 : ends[index - 1];
    return encoded.slice(start, ends[index] - start);
  }
}
