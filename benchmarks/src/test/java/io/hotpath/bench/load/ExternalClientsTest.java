package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PingReply;
import io.hotpath.gateway.v1.PingRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The anchors' clients in processes of their own, against the bare grpc-java server: h2load saturating Ping (every call
 * answered, a rate read from its report) and the load generator at a fixed rate (its interval log read back whole).
 */
@Timeout(180)
class ExternalClientsTest
{
    private static final PingRequest PING = PingRequest.newBuilder().setTenantId(1).setCorrelationId(1).build();

    @Test
    void shouldSaturatePingWithH2loadAndReadItsRate() throws Exception
    {
        final Path h2load = ExternalClients.h2load(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try (BareGrpcServer bare = new BareGrpcServer(PaymentDecision.getDefaultInstance(), PingReply.newBuilder().setTenantId(1).build()))
        {
            final double rate = ExternalClients.h2loadUnary(h2load, bare.port(), "hotpath.v1.Engine/Ping", PING, 1, 8,
                Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(rate).isGreaterThan(100);

            assertThatThrownBy(() -> ExternalClients.h2loadUnary(h2load, bare.port() + 1, "hotpath.v1.Engine/Ping", PING, 1, 8,
                Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .as("nothing listening: every call fails, and that is no rate").isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shouldMeasureLatencyAtAFixedRateFromALoadGeneratorInItsOwnProcess() throws Exception
    {
        try (BareGrpcServer bare = new BareGrpcServer(PaymentDecision.getDefaultInstance(), PingReply.getDefaultInstance()))
        {
            final Histogram latency = ExternalClients.loadgenLatency(bare.port(), 200, Duration.ofSeconds(1), Duration.ofSeconds(2), 2);
            assertThat(latency.getTotalCount()).as("200 a second for 2 s").isBetween(300L, 500L);
            assertThat(latency.getValueAtPercentile(50)).isPositive();
        }
    }
}
