package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.wire.OpCode;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes OP_MSG replies as mongo-java-server's encoder does, except that the documents of an {@link
 * EncodedBatch} are copied from the encoding their cursor already made instead of being encoded a
 * second time.
 */
final class ReplyMessageEncoder extends MessageToByteEncoder<MongoMessage> {
  private static final byte TYPE_DOCUMENT = 0x03;
  private static final byte TYPE_ARRAY = 0x04;

  @Override
  protected void encode(ChannelHandlerContext ctx, MongoMessage message, ByteBuf out) {
    int start = out.writerIndex();
    out.writeIntLE(0); // the length, set below
    out.writeIntLE(message.getHeader().getRequestID());
    out.writeIntLE(message.getHeader().getResponseTo());
    out.writeIntLE(OpCode.OP_MSG.getId());
    out.writeIntLE(message.getFlags());
    out.writeByte(MongoMessage.SECTION_KIND_BODY);
    try {
      writeDocument(message.getDocument(), out);
    } catch (RuntimeException e) {
      ctx.channel().close();
      throw e;
    }
    out.setIntLE(start, out.writerIndex() - start);
  }

  private static void writeDocument(Map<String, ?> document, ByteBuf out) {
    int start = out.writerIndex();
    out.writeIntLE(0);
    for (Map.Entry<String, ?> field : document.entrySet()) {
      writeElement(field.getKey(), field.getValue(), out);
    }
    out.writeByte(0);
    out.setIntLE(start, out.writerIndex() - start);
  }

  @SuppressWarnings("unchecked")
  private static void writeElement(String name, Object value, ByteBuf out) {
    if (value instanceof EncodedBatch batch && batch.isIntact()) {
      writeName(TYPE_ARRAY, name, out);
      int start = out.writerIndex();
      out.writeIntLE(0);
      for (int i = 0; i < batch.size(); i++) {
        writeName(TYPE_DOCUMENT, String.valueOf(i), out);
        out.writeBytes(batch.encodedDocument(i));
      }
      out.writeByte(0);
      out.setIntLE(start, out.writerIndex() - start);
    } else if (value instanceof Map<?, ?> map) {
      // Replies nest batches in sub-documents ({cursor: {firstBatch: [...]}}).
      writeName(TYPE_DOCUMENT, name, out);
      writeDocument((Map<String, ?>) map, out);
    } else {
      byte type = BsonEncoder.determineType(value);
      writeName(type, name, out);
      BsonEncoder.encodeValue(type, value, out);
    }
  }

  private static void writeName(byte type, String name, ByteBuf out) {
    out.writeByte(type);
    out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
    out.writeByte(0);
  }
}
