package io.hotpath.bench.load;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC anchor: grpc-java's own server on loopback, as the engine builds it (Netty, direct
 * executor), serving Payments.DecidePayment by answering every request at once with the same
 * decision, one the engine made for a payment of the same traffic, and Engine.Ping with the reply the
 * engine gave to a ping: the same messages, the project's own generated stubs, no engine.
 */
final class BareGrpcServer implements AutoCloseable
{
    /**
     * h2load ends its run with calls still in flight, and grpc-java logs a warning with a stack trace for each reply it then
     * cannot write: dozens of screens of noise in the anchors' output about what is expected. Held here, as the logging
     * framework keeps its loggers only weakly.
     */
    private static final Logger STREAM_ERRORS = Logger.getLogger("io.grpc.netty.NettyServerHandler");

    static
    {
        STREAM_ERRORS.setLevel(Level.SEVERE);
    }

    private final Server server;

    BareGrpcServer(final PaymentDecision answer, final PingReply pong) throws IOException
    {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .maxConcurrentCallsPerConnection(1 << 20)
            .addService(new PaymentsGrpc.PaymentsImplBase()
            {
                @Override
                public void decidePayment(final DecidePaymentRequest request, final StreamObserver<PaymentDecision> observer)
                {
                    observer.onNext(answer);
                    observer.onCompleted();
                }
            })
            .addService(new EngineGrpc.EngineImplBase()
            {
                @Override
                public void ping(final PingRequest request, final StreamObserver<PingReply> observer)
                {
                    observer.onNext(pong);
                    observer.onCompleted();
                }
            })
            .build()
            .start();
    }

    int port()
    {
        return server.getPort();
    }

    @Override
    public void close()
    {
        try
        {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
