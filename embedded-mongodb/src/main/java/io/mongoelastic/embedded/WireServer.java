package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The network side: mongo-java-server's wire-protocol codec on Netty (OP_MSG replies written by
 * {@link ReplyMessageEncoder}), with requests handled off the event loops by {@link
 * OffloadingRequestHandler}.
 */
final class WireServer implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ExecutorService requests;
  private final ChannelGroup clients;
  private final Channel listener;

  WireServer(MongoBackend backend, InetSocketAddress bindAddress, int eventLoops) {
    boss = new NioEventLoopGroup(1, new DefaultThreadFactory("embedded-mongo-accept", true));
    workers =
        new NioEventLoopGroup(eventLoops, new DefaultThreadFactory("embedded-mongo-io", true));
    requests =
        Executors.newCachedThreadPool(new DefaultThreadFactory("embedded-mongo-request", true));
    clients = new DefaultChannelGroup("embedded-mongo-clients", workers.next());
    try {
      listener =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 128)
              .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new MongoWireReplyEncoder())
                          .addLast(new ReplyMessageEncoder())
                          .addLast(new MongoWireProtocolHandler())
                          .addLast(new OffloadingRequestHandler(backend, clients, requests))
                          .addLast(new MongoExceptionHandler());
                    }
                  })
              .bind(bindAddress)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException e) {
      shutdownGroups();
      throw e;
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    clients.close().syncUninterruptibly();
    shutdownGroups();
  }

  private void shutdownGroups() {
    requests.shutdownNow();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      requests.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
