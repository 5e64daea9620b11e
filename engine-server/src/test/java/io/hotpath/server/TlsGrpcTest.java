package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.PingResultDecoder;
import io.hotpath.gateway.auth.ApiKeyStore;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS on the gRPC front, with certificates the test makes: a client certificate the
 * config maps to a tenant acts for that tenant, without other credentials; a certificate from
 * another authority, or none, does not get through the handshake; a certificate nobody mapped is
 * unauthenticated unless the call carries credentials.
 */
@Timeout(60)
class TlsGrpcTest
{
    private static final long TENANT = 3;
    private static final String OTHER_KEY = ApiKeyStore.newKey();

    @TempDir
    static Path dir;
    private static TestCertificates.Issued authority;
    private static TestCertificates.Issued checkout;
    private static TestCertificates.Issued operator;
    private static TestCertificates.Issued stranger;
    private static TestCertificates.Issued rogue;
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception
    {
        authority = TestCertificates.authority(dir, "ca", "CN=Hotpath Test CA");
        final TestCertificates.Issued server = TestCertificates.issue(dir, "server", "CN=localhost", authority, true);
        checkout = TestCertificates.issue(dir, "checkout", "CN=checkout,O=Acme", authority, false);
        operator = TestCertificates.issue(dir, "ops", "CN=ops,O=Acme", authority, false);
        stranger = TestCertificates.issue(dir, "stranger", "CN=stranger,O=Elsewhere", authority, false);
        final TestCertificates.Issued rogueAuthority = TestCertificates.authority(dir, "rogue-ca", "CN=Hotpath Test CA");
        rogue = TestCertificates.issue(dir, "rogue", "CN=checkout,O=Acme", rogueAuthority, false);
        engine = TestEngine.start(dir.resolve("journal"), Map.of(
            "hotpath.shards", 1,
            "hotpath.binary.port", 0,
            "hotpath.tls.enabled", true,
            "hotpath.tls.cert-chain", server.certificate().toString(),
            "hotpath.tls.private-key", server.key().toString(),
            "hotpath.tls.client-auth", "require",
            "hotpath.tls.trust-certs", authority.certificate().toString(),
            "hotpath.auth.mode", "required",
            "hotpath.auth.client-certificates", List.of(
                Map.of("subject", "CN=checkout, O=Acme", "tenant", TENANT),
                Map.of("subject", "CN=ops,O=Acme", "role", "operator")),
            "hotpath.auth.api-keys", List.of(Map.of("name", "other", "tenant", 5, "sha256", ApiKeyStore.hash(OTHER_KEY)))));
        withChannel(operator, channel -> ExampleConfigs.apply(ControlGrpc.newBlockingStub(channel), TENANT, false));
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        engine = null;
    }

    @Test
    void shouldActForTheTenantAMappedClientCertificateNames() throws Exception
    {
        withChannel(checkout, channel ->
        {
            assertThat(PaymentsGrpc.newBlockingStub(channel).decidePayment(PaymentsGrpcTest.payment(1, "00000000000c0de1")
                .setTenantId(TENANT).build()).getPaymentId()).isEqualTo(1);
            assertRefused(() -> PaymentsGrpc.newBlockingStub(channel).decidePayment(PaymentsGrpcTest.payment(2, "00000000000c0de2")
                .setTenantId(5).build()), Status.Code.PERMISSION_DENIED);
        });
    }

    @Test
    void shouldRefuseAnUnmappedCertificateUnlessTheCallCarriesCredentials() throws Exception
    {
        withChannel(stranger, channel ->
        {
            assertRefused(() -> PaymentsGrpc.newBlockingStub(channel).decidePayment(PaymentsGrpcTest.payment(3, "00000000000c0de3")
                .setTenantId(TENANT).build()), Status.Code.UNAUTHENTICATED);
            assertRefused(() -> AuthGrpcTest.withKey(PaymentsGrpc.newBlockingStub(channel), OTHER_KEY).decidePayment(
                PaymentsGrpcTest.payment(4, "00000000000c0de4").setTenantId(TENANT).build()), Status.Code.PERMISSION_DENIED);
        });
    }

    @Test
    void shouldNotLetAClientWithoutACertificateOrWithOneFromAnotherAuthorityThroughTheHandshake() throws Exception
    {
        withChannel(null, channel -> assertRefused(() -> PaymentsGrpc.newBlockingStub(channel)
            .decidePayment(PaymentsGrpcTest.payment(5, "00000000000c0de5").setTenantId(TENANT).build()), Status.Code.UNAVAILABLE));
        withChannel(rogue, channel -> assertRefused(() -> PaymentsGrpc.newBlockingStub(channel)
            .decidePayment(PaymentsGrpcTest.payment(6, "00000000000c0de6").setTenantId(TENANT).build()), Status.Code.UNAVAILABLE));
        final ManagedChannel plaintext = NettyChannelBuilder.forAddress("localhost", engine.engine.port()).usePlaintext().build();
        try
        {
            assertRefused(() -> PaymentsGrpc.newBlockingStub(plaintext).decidePayment(PaymentsGrpcTest.payment(7, "00000000000c0de7")
                .setTenantId(TENANT).build()), Status.Code.UNAVAILABLE);
        }
        finally
        {
            plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldServeTheBinaryFrontOverMutualTlsToTheTenantTheCertificateMaps() throws Exception
    {
        final SslContext tls = SslContextBuilder.forClient().trustManager(authority.certificate().toFile())
            .keyManager(checkout.certificate().toFile(), checkout.key().toFile()).build();
        try (HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("localhost", engine.engine.binaryPort()).tls(tls)))
        {
            assertThat(client.welcome().tenantId()).isEqualTo(TENANT);
            assertThat(client.call(new PingCommand().set(TENANT, 7, 0), Duration.ofSeconds(10)).templateId())
                .isEqualTo(PingResultDecoder.TEMPLATE_ID);
        }
        final SslContext anonymous = SslContextBuilder.forClient().trustManager(authority.certificate().toFile()).build();
        final Duration brief = Duration.ofSeconds(2);
        assertThatThrownBy(() -> HotpathClient.connect(HotpathClient.Options.of("localhost", engine.engine.binaryPort()).tls(anonymous)
            .timeout(brief))).isInstanceOfAny(HotpathClient.RefusedException.class, TimeoutException.class);
        assertThatThrownBy(() -> HotpathClient.connect(HotpathClient.Options.of("localhost", engine.engine.binaryPort()).timeout(brief)))
            .isInstanceOfAny(HotpathClient.RefusedException.class, TimeoutException.class);
    }

    /**
     * Runs {@code calls} on a TLS channel that trusts the test authority and presents {@code client}, if given.
     */
    private static void withChannel(final TestCertificates.Issued client, final Consumer<ManagedChannel> calls) throws Exception
    {
        final SslContextBuilder tls = GrpcSslContexts.forClient().trustManager(authority.certificate().toFile());
        if (client != null)
        {
            tls.keyManager(client.certificate().toFile(), client.key().toFile());
        }
        final ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", engine.engine.port()).sslContext(tls.build()).build();
        try
        {
            calls.accept(channel);
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void assertRefused(final org.assertj.core.api.ThrowableAssert.ThrowingCallable call, final Status.Code code)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
            refused -> assertThat(refused.getStatus().getCode()).as(refused.getStatus().toString()).isEqualTo(code));
    }
}
