package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The encoded BSON size of a document, for the reply-size limit and the oplog byte bound. */
final class BsonSize {
  /** MongoDB's maximum user document size, which also caps the documents of one reply batch. */
  static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

  private BsonSize() {}

  static int of(Document document) {
    if (document == null) {
      return 0;
    }
    ByteBuf buffer = Unpooled.buffer();
    try {
      BsonEncoder.encodeDocument(document, buffer);
      return buffer.writerIndex();
    } finally {
      buffer.release();
    }
  }
}
