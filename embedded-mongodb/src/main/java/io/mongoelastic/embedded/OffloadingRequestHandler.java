package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.message.ClientRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs each request off the network event loop, so a change-stream {@code getMore} that waits for
 * new events never holds up other connections that share the loop. Drivers send one request at a
 * time per connection, so per-connection order is kept.
 */
final class OffloadingRequestHandler extends MongoDatabaseHandler {
  private final ExecutorService executor;

  OffloadingRequestHandler(MongoBackend backend, ChannelGroup channels, ExecutorService executor) {
    super(backend, channels);
    this.executor = executor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ClientRequest request) {
    try {
      executor.execute(() -> handle(ctx, request));
    } catch (RejectedExecutionException e) {
      ctx.close();
    }
  }

  private void handle(ChannelHandlerContext ctx, ClientRequest request) {
    try {
      super.channelRead0(ctx, request);
    } catch (Exception e) {
      ctx.fireExceptionCaught(e);
    }
  }
}
