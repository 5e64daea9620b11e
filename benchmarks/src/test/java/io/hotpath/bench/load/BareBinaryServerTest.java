package io.hotpath.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.ResultMetaEncoder;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.binary.client.Reply;
import io.hotpath.gateway.grpc.PaymentsService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bare Netty anchor speaks the binary front's framing: the engine's own client connects to it,
 * and every pipelined command gets the engine's answer back with its own correlation id.
 */
@Timeout(120)
class BareBinaryServerTest
{
    private final LoadTraffic traffic = new LoadTraffic(7, 2);

    @Test
    void shouldAnswerEveryCommandWithTheEnginesResultUnderItsOwnCorrelationId() throws Exception
    {
        final byte[] answer = engineAnswer(traffic);
        assertThat(new MessageHeaderDecoder().wrap(new UnsafeBuffer(answer), 0).templateId())
            .isEqualTo(PaymentDecisionDecoder.TEMPLATE_ID);

        try (BareBinaryServer bare = new BareBinaryServer(answer, 64);
             HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", bare.port())))
        {
            assertThat(client.welcome().maxInFlight()).isEqualTo(64);
            final List<DecidePaymentCommand> commands = List.of(command(traffic, 11, 1001), command(traffic, 12, 1002),
                command(traffic, 13, 1003));
            final List<CompletableFuture<Reply>> replies = client.send(commands);
            for (int i = 0; i < commands.size(); i++)
            {
                final Reply reply = replies.get(i).get(10, TimeUnit.SECONDS);
                assertThat(reply.code()).isEqualTo(ResultCode.OK);
                assertThat(reply.correlationId()).isEqualTo(1001 + i);
                assertThat(reply.message()).hasSameSizeAs(answer);
                assertThat(Arrays.mismatch(reply.message(), answer)).as("only the correlation id differs")
                    .isEqualTo(MessageHeaderDecoder.ENCODED_LENGTH + ResultMetaEncoder.correlationIdEncodingOffset());
            }
        }
    }

    @Test
    void shouldCarryTheLoadGeneratorsBinaryTransportAtSaturation() throws Exception
    {
        final byte[] answer = engineAnswer(traffic);
        final ClosedLoop loop = new ClosedLoop(32);
        try (BareBinaryServer bare = new BareBinaryServer(answer, LoadTarget.BINARY_MAX_IN_FLIGHT);
             LoadTarget target = LoadTarget.connect("127.0.0.1", 0, bare.port(), null);
             LoadTransport transport = LoadGenCommand.Protocol.BINARY.open(target, traffic, loop, 2))
        {
            assertThat(loop.run(transport, Duration.ofMillis(200), Duration.ofMillis(500))).isPositive();
        }
    }

    private static byte[] engineAnswer(final LoadTraffic traffic) throws Exception
    {
        try (LoadTarget engine = LoadTarget.embedded(Map.of("hotpath.shards", 1), null))
        {
            engine.setUp(2, traffic.pricing);
            return AnchorsCommand.binaryDecision(engine, traffic);
        }
    }

    private static DecidePaymentCommand command(final LoadTraffic traffic, final long paymentId, final long correlationId)
    {
        final DecidePaymentCommand command = new DecidePaymentCommand();
        assertThat(PaymentsService.adapt(traffic.payments[0].toBuilder().setPaymentId(paymentId).setCorrelationId(correlationId).build(),
            command)).isNull();
        return command;
    }
}
