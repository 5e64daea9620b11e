package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.CommandFailedDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.PaymentDecisionDecoder;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.sbe.TickDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.auth.ApiKeyStore;
import io.hotpath.gateway.binary.FrameDescriptor;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.binary.client.Reply;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binary front with its client: a Hello with credentials, commands pipelined and matched by
 * correlation id, and every refusal before a shard (credentials, tenant, control commands, engine
 * commands, malformed frames, too many in flight, quota) answered with CommandFailed and engine
 * sequence 0, and journaled never.
 */
@Timeout(60)
class BinaryFrontTest
{
    private static final long TENANT = 3;
    private static final long RATED = 7;
    private static final String KEY = ApiKeyStore.newKey();
    private static final String RATED_KEY = ApiKeyStore.newKey();
    private static final String OPERATOR_KEY = ApiKeyStore.newKey();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final byte[] HMAC_SECRET = "the binary front's test secret, 32 bytes or more".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path journal;
    private static TestEngine engine;

    @BeforeAll
    static void start()
    {
        engine = TestEngine.start(journal, Map.of(
            "hotpath.shards", 1,
            "hotpath.binary.port", 0,
            "hotpath.binary.max-in-flight-per-connection", 8,
            "hotpath.auth.mode", "required",
            "hotpath.auth.api-keys", List.of(
                Map.of("name", "checkout", "tenant", TENANT, "sha256", ApiKeyStore.hash(KEY)),
                Map.of("name", "rated", "tenant", RATED, "sha256", ApiKeyStore.hash(RATED_KEY)),
                Map.of("name", "ops", "role", "operator", "sha256", ApiKeyStore.hash(OPERATOR_KEY))),
            "hotpath.auth.jwt.hs256-secret", Base64.getEncoder().encodeToString(HMAC_SECRET),
            "hotpath.binary.handshake-timeout", "1s",
            "hotpath.quotas.tenants", List.of(Map.of("tenant", RATED, "rate", 5, "burst", 5))));
        final ControlGrpc.ControlBlockingStub control = AuthGrpcTest.withKey(ControlGrpc.newBlockingStub(engine.channel), OPERATOR_KEY);
        ExampleConfigs.apply(control, TENANT, false);
        ExampleConfigs.apply(control, RATED, false);
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        engine = null;
    }

    @Test
    void shouldWelcomeAKeyAndAnswerPipelinedCommandsByCorrelationId() throws Exception
    {
        try (HotpathClient client = connect(KEY))
        {
            assertThat(client.welcome()).isEqualTo(new HotpathClient.Welcome(TENANT, false, 64 * 1024, 8));
            final Reply pong = client.call(new PingCommand().set(TENANT, 42, 0), WAIT);
            assertThat(pong.templateId()).isEqualTo(PingResultDecoder.TEMPLATE_ID);
            assertThat(pong.correlationId()).isEqualTo(42);
            assertThat(pong.engineSequence()).isPositive();

            final Set<Long> sequences = new HashSet<>();
            for (int round = 0; round < 25; round++)
            {
                final List<DecidePaymentCommand> batch = new ArrayList<>();
                for (int i = 0; i < 8; i++)
                {
                    batch.add(payment(TENANT, 1_000 + round * 8 + i));
                }
                final List<CompletableFuture<Reply>> replies = client.send(batch);
                for (int i = 0; i < replies.size(); i++)
                {
                    final Reply reply = replies.get(i).get();
                    assertThat(reply.templateId()).as(reply.reason()).isEqualTo(PaymentDecisionDecoder.TEMPLATE_ID);
                    assertThat(reply.correlationId()).isEqualTo(1_000 + round * 8 + i);
                    sequences.add(reply.engineSequence());
                }
            }
            assertThat(sequences).hasSize(200);
        }
    }

    @Test
    void shouldRefuseACommandForAnotherTenantOrOnTheControlPlaneOrOfTheEnginesOwn() throws Exception
    {
        final long before = journaled();
        try (HotpathClient client = connect(KEY))
        {
            assertRefused(client.call(payment(5, 77), WAIT), ResultCode.PERMISSION_DENIED, "not the tenant this connection acts for");
            final CommandSource config = new ControlCommand.ApplyConfig(TENANT, ConfigDomain.ROUTING, 9, new byte[] {'x'}).source(78, 0);
            assertRefused(client.call(config, WAIT), ResultCode.PERMISSION_DENIED, "control commands are for operators");
            assertRefused(client.call(tick(), WAIT), ResultCode.UNKNOWN_COMMAND, "not a command the binary front takes");
        }
        assertThat(journaled()).isEqualTo(before);
    }

    @Test
    void shouldRefuseMoreCommandsInFlightThanTheConnectionMayHave() throws Exception
    {
        try (HotpathClient client = connect(KEY))
        {
            final List<DecidePaymentCommand> burst = new ArrayList<>();
            for (int i = 0; i < 200; i++)
            {
                burst.add(payment(TENANT, 5_000 + i));
            }
            int decided = 0;
            int overloaded = 0;
            for (final CompletableFuture<Reply> reply : client.send(burst))
            {
                final Reply answered = reply.get();
                if (answered.code() == ResultCode.OVERLOADED)
                {
                    assertThat(answered.engineSequence()).isZero();
                    assertThat(answered.reason()).startsWith("OVERLOADED");
                    overloaded++;
                }
                else
                {
                    assertThat(answered.templateId()).isEqualTo(PaymentDecisionDecoder.TEMPLATE_ID);
                    decided++;
                }
            }
            assertThat(decided).isGreaterThanOrEqualTo(8);
            assertThat(overloaded).isPositive();
            assertThat(decided + overloaded).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseCommandsOverTheTenantsQuota() throws Exception
    {
        try (HotpathClient client = connect(RATED_KEY))
        {
            int refused = 0;
            for (int i = 0; i < 20; i++)
            {
                final Reply reply = client.call(payment(RATED, 9_000 + i), WAIT);
                if (reply.code() == ResultCode.QUOTA_EXCEEDED)
                {
                    assertThat(reply.reason()).isEqualTo("QUOTA: the tenant is over its rate");
                    refused++;
                }
            }
            assertThat(refused).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void shouldRefuseBadCredentialsAndAConnectionThatDoesNotSayHelloFirst() throws Exception
    {
        assertThatThrownBy(() -> connect(ApiKeyStore.newKey())).isInstanceOf(HotpathClient.RefusedException.class)
            .hasMessageContaining("UNAUTHENTICATED").hasMessageContaining("unknown API key");

        try (Socket socket = new Socket("127.0.0.1", engine.engine.binaryPort()))
        {
            final ExpandableArrayBuffer ping = scratch();
            socket.getOutputStream().write(frame(new PingCommand().set(TENANT, 1, 0).encodeCommand(ping), ping));
            final Reply refused = read(socket.getInputStream());
            assertThat(refused.code()).isEqualTo(ResultCode.UNAUTHENTICATED);
            assertThat(refused.reason()).isEqualTo("the first frame must be a Hello");
            assertThat(socket.getInputStream().read()).as("then the connection closes").isEqualTo(-1);
        }
    }

    @Test
    void shouldActForTheTenantOfABearerTokenAndRefuseAForgedOne() throws Exception
    {
        final JWTClaimsSet claims = AuthGrpcTest.claims(TENANT).build();
        final String token = AuthGrpcTest.token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, claims);
        try (HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", engine.engine.binaryPort())
            .bearer(token)))
        {
            assertThat(client.welcome().tenantId()).isEqualTo(TENANT);
            assertThat(client.call(payment(TENANT, 401), WAIT).templateId()).isEqualTo(PaymentDecisionDecoder.TEMPLATE_ID);
            assertRefused(client.call(payment(RATED, 402), WAIT), ResultCode.PERMISSION_DENIED, "tenant_id");
        }
        final String forged = AuthGrpcTest.token(
            new MACSigner("another secret, also of 32 bytes or more".getBytes(StandardCharsets.US_ASCII)), JWSAlgorithm.HS256, claims);
        assertThatThrownBy(() -> HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", engine.engine.binaryPort())
            .bearer(forged))).isInstanceOf(HotpathClient.RefusedException.class).hasMessageContaining("UNAUTHENTICATED");
    }

    @Test
    void shouldCloseAConnectionThatSaysNothingWithinTheHandshakeTimeout() throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", engine.engine.binaryPort()))
        {
            socket.setSoTimeout(10_000);
            final long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed without a word").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void shouldRefuseMalformedFramesNamingWhatIsWrong() throws Exception
    {
        final long before = journaled();
        try (HotpathClient client = connect(KEY))
        {
            // A payment whose metadata group claims more entries than the frame holds.
            final DecidePaymentCommand lying = payment(TENANT, 301).clearMetadata();
            final ExpandableArrayBuffer buffer = scratch();
            final int length = lying.encodeCommand(buffer);
            final int groupCount = length - 2;
            buffer.putShort(groupCount, (short)500, ByteOrder.LITTLE_ENDIAN);
            assertRefused(client.call(copy ->
            {
                copy.putBytes(0, buffer, 0, length);
                return length;
            }, WAIT), ResultCode.INVALID_ARGUMENT, "frame: its length is not its message's");
            assertRefused(client.call(new PingCommand().set(0, 302, 0), WAIT), ResultCode.INVALID_ARGUMENT, "tenant_id: must be > 0");
            final DecidePaymentCommand anonymous = payment(TENANT, 303);
            anonymous.paymentId = 0;
            assertRefused(client.call(anonymous, WAIT), ResultCode.INVALID_ARGUMENT, "payment_id: required");
        }
        assertThat(journaled()).isEqualTo(before);

        try (Socket socket = new Socket("127.0.0.1", engine.engine.binaryPort()))
        {
            final OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 20).array());
            final InputStream in = socket.getInputStream();
            final Reply refused = read(in);
            assertThat(refused.code()).isEqualTo(ResultCode.INVALID_ARGUMENT);
            assertThat(refused.reason()).contains("frame: its length");
            assertThat(in.read()).as("then the connection closes").isEqualTo(-1);
        }
    }

    static HotpathClient connect(final String key) throws Exception
    {
        return HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", engine.engine.binaryPort()).apiKey(key));
    }

    static DecidePaymentCommand payment(final long tenant, final long id)
    {
        final DecidePaymentCommand command = new DecidePaymentCommand();
        assertThat(PaymentsService.adapt(PaymentsGrpcTest.payment(id, String.format("%016x", 0xB1A5L + id % 40))
            .setTenantId(tenant).setCorrelationId(id).build(), command)).isNull();
        return command;
    }

    private static CommandSource tick()
    {
        return new ControlCommand.Tick().source(79, 0);
    }

    private static void assertRefused(final Reply reply, final ResultCode code, final String reason)
    {
        assertThat(reply.templateId()).isEqualTo(CommandFailedDecoder.TEMPLATE_ID);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.engineSequence()).as("refused before its shard").isZero();
        assertThat(reply.reason()).contains(reason);
    }

    private static ExpandableArrayBuffer scratch()
    {
        return new ExpandableArrayBuffer(4096);
    }

    private static byte[] frame(final int length, final ExpandableArrayBuffer message)
    {
        final byte[] frame = new byte[FrameDescriptor.LENGTH_FIELD + length];
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        message.getBytes(0, frame, FrameDescriptor.LENGTH_FIELD, length);
        return frame;
    }

    private static Reply read(final InputStream in) throws Exception
    {
        final byte[] length = in.readNBytes(FrameDescriptor.LENGTH_FIELD);
        final byte[] message = in.readNBytes(ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt());
        return new Reply(message);
    }

    private static long journaled()
    {
        long count = 0;
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(journal, 0)))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                final int template = commands.templateId();
                count += template == DecidePaymentDecoder.TEMPLATE_ID || template == TickDecoder.TEMPLATE_ID
                    || template == ApplyConfigDecoder.TEMPLATE_ID ? 1 : 0;
            }
        }
        return count;
    }
}
