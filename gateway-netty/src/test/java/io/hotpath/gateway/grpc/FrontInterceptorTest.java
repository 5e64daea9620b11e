package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.gateway.auth.ApiKeyStore;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.trace.CallTracing;
import io.hotpath.gateway.v1.EngineGrpc;
import io.hotpath.gateway.v1.ExchangeGrpc;
import io.hotpath.gateway.v1.ExchangeReply;
import io.hotpath.gateway.v1.ExchangeRequest;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The front's one interceptor on a real grpc-java server over loopback, with authentication on: what each call is
 * refused with and in which order, what a service finds in its call's context, that a refused call reaches no service
 * and is still counted, and that a tenant's call holds its quota until it ends.
 */
@Timeout(60)
class FrontInterceptorTest
{
    private static final String TENANT_KEY = "key-of-tenant-7";
    private static final String OPERATOR_KEY = "key-of-an-operator";
    private static final Principal TENANT = new Principal("acme", 7, false);

    /** What the services saw, one line a call. */
    private final BlockingQueue<String> served = new ArrayBlockingQueue<>(16);
    private final CountingMetrics metrics = new CountingMetrics(true);
    private final BlockingQueue<StreamObserver<PingReply>> held = new ArrayBlockingQueue<>(4);
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception
    {
        final Authenticator authenticator =
            new Authenticator(true, ApiKeyStore.ofKeys(Map.of(TENANT_KEY, TENANT, OPERATOR_KEY, new Principal("ops", 0, true))), null,
                Map.of());
        // Tenant 7 may have one call in flight; the others are unbounded.
        final CallGuard guard = new CallGuard(
            new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of(7L, new TenantQuotas.Limits(0, 0, 1))));
        final HealthStatusManager health = new HealthStatusManager();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .intercept(new FrontInterceptor(metrics, CallTracing.OFF, authenticator, guard))
            .addService(new PingService())
            .addService(new ExchangeService())
            .addService(health.getHealthService())
            .build()
            .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseACallWithoutCredentialsBeforeLookingAtItsIdempotencyKey()
    {
        final Status refused = refusal(() -> ping(headers(null, "not a valid key"), 7));

        assertThat(refused.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getDescription()).contains("credentials required");
        assertThat(served).as("no service saw it").isEmpty();
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping UNAUTHENTICATED 0");
    }

    @Test
    void shouldRefuseAMalformedIdempotencyKeyOfAnAuthenticatedCall()
    {
        final Status refused = refusal(() -> ping(headers(TENANT_KEY, "pay 1"), 7));

        assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getDescription()).startsWith("idempotency-key:");
        assertThat(served).isEmpty();
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping INVALID_ARGUMENT 0");
    }

    @Test
    void shouldRefuseARequestForAnotherTenantOnceItArrives()
    {
        final Status refused = refusal(() -> ping(headers(TENANT_KEY, null), 8));

        assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getDescription()).isEqualTo("tenant_id: acme may not act for tenant 8");
        assertThat(served).isEmpty();
        assertThat(metrics.endings()).as("counted with the tenant the request named")
            .containsExactly("hotpath.v1.Engine/Ping PERMISSION_DENIED 8");
    }

    @Test
    void shouldHandAUnaryServiceItsIdempotencyKeyButNotItsPrincipal() throws InterruptedException
    {
        ping(headers(TENANT_KEY, "pay-8812/2"), 7);
        ping(headers(TENANT_KEY, null), 7);

        assertThat(served.poll(5, TimeUnit.SECONDS)).isEqualTo("ping key " + TextKeys.of("pay-8812/2") + " principal null");
        assertThat(served.poll(5, TimeUnit.SECONDS)).isEqualTo("ping key 0 principal null");
        assertThat(metrics.endings()).containsExactly("hotpath.v1.Engine/Ping OK 7", "hotpath.v1.Engine/Ping OK 7");
    }

    @Test
    void shouldHandAStreamingServiceItsPrincipal() throws InterruptedException
    {
        final StreamObserver<ExchangeRequest> requests = ExchangeGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers(TENANT_KEY, null)))
            .exchange(new Ignoring<>());

        assertThat(served.poll(5, TimeUnit.SECONDS)).isEqualTo("exchange principal " + TENANT);
        requests.onCompleted();
    }

    @Test
    void shouldHoldATenantsCallInFlightUntilItEnds() throws InterruptedException
    {
        final Metadata tenant = headers(TENANT_KEY, null);
        EngineGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant))
            .ping(PingRequest.newBuilder().setTenantId(7).setCorrelationId(-1).build(), new Ignoring<>());
        final StreamObserver<PingReply> first = held.poll(5, TimeUnit.SECONDS);
        assertThat(first).as("the first call reached its service and waits there").isNotNull();

        final Status refused = refusal(() -> ping(tenant, 7));
        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).isEqualTo("QUOTA: tenant 7 has 1 calls in flight, its maximum");

        first.onNext(PingReply.newBuilder().setTenantId(7).build());
        first.onCompleted();
        assertThat(served.poll(5, TimeUnit.SECONDS)).as("the first call").startsWith("ping key 0");
        // The server's listener hears of the call's end just after its status is written, so the client may be quicker.
        final long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Status next = refusal(() -> ping(tenant, 7));
        while (next.getCode() == Status.Code.RESOURCE_EXHAUSTED && System.nanoTime() < giveUpAt)
        {
            Thread.sleep(10);
            next = refusal(() -> ping(tenant, 7));
        }
        assertThat(next.getCode()).as("the first call's end released the quota").isEqualTo(Status.Code.OK);
    }

    @Test
    void shouldLetAnOperatorActForAnyTenantAndLeaveTheHealthServiceOpen()
    {
        assertThat(ping(headers(OPERATOR_KEY, null), 8).getTenantId()).isEqualTo(8);
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .as("no credentials").isEqualTo(ServingStatus.SERVING);
    }

    private PingReply ping(final Metadata headers, final long tenantId)
    {
        return EngineGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .ping(PingRequest.newBuilder().setTenantId(tenantId).build());
    }

    /**
     * @return how the call ended: OK, or the status it was refused with.
     */
    private static Status refusal(final Runnable call)
    {
        final Throwable refused = catchThrowable(call::run);
        return refused == null ? Status.OK : Status.fromThrowable(refused);
    }

    private static Metadata headers(final String apiKey, final String idempotencyKey)
    {
        final Metadata headers = new Metadata();
        if (apiKey != null)
        {
            headers.put(FrontInterceptor.API_KEY, apiKey);
        }
        if (idempotencyKey != null)
        {
            headers.put(FrontInterceptor.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return headers;
    }

    private final class PingService extends EngineGrpc.EngineImplBase
    {
        @Override
        public void ping(final PingRequest request, final StreamObserver<PingReply> observer)
        {
            if (request.getCorrelationId() == -1)
            {
                held.add(new StreamObserver<>()
                {
                    @Override
                    public void onNext(final PingReply reply)
                    {
                        observer.onNext(reply);
                    }

                    @Override
                    public void onError(final Throwable error)
                    {
                        observer.onError(error);
                    }

                    @Override
                    public void onCompleted()
                    {
                        served.add("ping key 0 (held)");
                        observer.onCompleted();
                    }
                });
                return;
            }
            served.add("ping key " + FrontInterceptor.idempotencyKey() + " principal " + FrontInterceptor.principal());
            observer.onNext(PingReply.newBuilder().setTenantId(request.getTenantId()).build());
            observer.onCompleted();
        }
    }

    private final class ExchangeService extends ExchangeGrpc.ExchangeImplBase
    {
        @Override
        public StreamObserver<ExchangeRequest> exchange(final StreamObserver<ExchangeReply> replies)
        {
            served.add("exchange principal " + FrontInterceptor.principal());
            return new StreamObserver<>()
            {
                @Override
                public void onNext(final ExchangeRequest request)
                {
                }

                @Override
                public void onError(final Throwable error)
                {
                }

                @Override
                public void onCompleted()
                {
                    replies.onCompleted();
                }
            };
        }
    }

    private static final class Ignoring<T> implements StreamObserver<T>
    {
        @Override
        public void onNext(final T value)
        {
        }

        @Override
        public void onError(final Throwable error)
        {
        }

        @Override
        public void onCompleted()
        {
        }
    }
}
