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
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC anchor: grpc-java's own server on loopback, as the engine builds it (Netty, direct
 * executor), serving Payments.DecidePayment by answering every request at once with the same
 * decision, one the engine made for a payment of the same traffic, and Engine.Ping with the reply the
 * engine gave to a ping: the same messages, the project's own generated stubs, no engine.
 */
final class BareGrpcServer implements AutoCloseable
{
    private final Server server;

    BareGrpcServer(final PaymentDecision answer, final PingReply pong) throws IOException
    {
        this(0, answer, pong);
    }

    private BareGrpcServer(final int port, final PaymentDecision answer, final PingReply pong) throws IOException
    {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
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

    /**
     * The anchor in a process of its own ({@link ServerProcess#bare}), until the process is stopped.
     *
     * @param args the port, and the Ping reply as {@link #encode} gave it.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final PingReply pong = PingReply.parseFrom(Base64.getDecoder().decode(args[1]));
        final BareGrpcServer bare = new BareGrpcServer(Integer.parseInt(args[0]), PaymentDecision.getDefaultInstance(), pong);
        Runtime.getRuntime().addShutdownHook(new Thread(bare::close, "bare-grpc-stop"));
        System.out.println("bare grpc-java serving on 127.0.0.1:" + bare.port());
        bare.server.awaitTermination();
    }

    /**
     * @return {@code pong} as {@link #main} reads it.
     */
    static String encode(final PingReply pong)
    {
        return Base64.getEncoder().encodeToString(pong.toByteArray());
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
