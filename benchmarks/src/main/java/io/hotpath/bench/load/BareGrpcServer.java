package io.hotpath.bench.load;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC anchor: grpc-java's own server on loopback, as the engine builds it (Netty, direct
 * executor), serving Payments.DecidePayment by answering every request at once with the same
 * decision, one the engine made for a payment of the same traffic: the same messages, no engine.
 */
final class BareGrpcServer implements AutoCloseable
{
    private final Server server;

    BareGrpcServer(final PaymentDecision answer) throws IOException
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
