package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.hotpath.gateway.auth.ApiKeyStore;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that requires credentials: API keys held as hashes, HS256 and RS256 bearer tokens with a
 * tenant claim. A call without valid credentials is UNAUTHENTICATED, a tenant reaching for another
 * tenant or for the control plane is PERMISSION_DENIED, and nothing of a refused call is journaled.
 */
@Timeout(60)
class AuthGrpcTest
{
    private static final long TENANT = 3;
    private static final long OTHER = 5;
    private static final String TENANT_KEY = ApiKeyStore.newKey();
    private static final String OTHER_KEY = ApiKeyStore.newKey();
    private static final String OPERATOR_KEY = ApiKeyStore.newKey();
    private static final byte[] HMAC_SECRET = "a shared secret of at least 32 bytes, for HS256".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static KeyPair rsa;
    private static TestEngine engine;

    @BeforeAll
    static void start() throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        final Path pem = dir.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
        engine = TestEngine.start(dir.resolve("journal"), Map.of(
            "hotpath.shards", 1,
            "hotpath.auth.mode", "required",
            "hotpath.auth.api-keys", List.of(
                Map.of("name", "checkout", "tenant", TENANT, "sha256", ApiKeyStore.hash(TENANT_KEY)),
                Map.of("name", "other", "tenant", OTHER, "sha256", ApiKeyStore.hash(OTHER_KEY)),
                Map.of("name", "ops", "role", "operator", "sha256", ApiKeyStore.hash(OPERATOR_KEY))),
            "hotpath.auth.jwt.hs256-secret", Base64.getEncoder().encodeToString(HMAC_SECRET),
            "hotpath.auth.jwt.rs256-public-key-file", pem.toString(),
            "hotpath.auth.jwt.issuer", "https://issuer.example"));
        ExampleConfigs.apply(withKey(ControlGrpc.newBlockingStub(engine.channel), OPERATOR_KEY), TENANT, false);
    }

    @AfterAll
    static void stop()
    {
        engine.close();
        engine = null;
    }

    @Test
    void shouldDecideForTheTenantWhoseKeyIsSent()
    {
        assertThat(withKey(payments(), TENANT_KEY)
            .decidePayment(PaymentsGrpcTest.payment(1, "00000000c0de0001").setTenantId(TENANT).build()).getPaymentId()).isEqualTo(1);
    }

    @Test
    void shouldRefuseCallsWithoutValidCredentialsAndJournalNothingOfThem()
    {
        final long before = journaled();
        assertRefused(() -> payments().decidePayment(PaymentsGrpcTest.payment(2, "00000000c0de0002").setTenantId(TENANT).build()),
            Status.Code.UNAUTHENTICATED, "credentials required");
        assertRefused(() -> withKey(payments(), ApiKeyStore.newKey()).decidePayment(PaymentsGrpcTest.payment(3, "00000000c0de0003")
            .setTenantId(TENANT).build()), Status.Code.UNAUTHENTICATED, "unknown API key");
        assertRefused(() -> withBearer(payments(), "not.a.token").decidePayment(PaymentsGrpcTest.payment(4, "00000000c0de0004")
            .setTenantId(TENANT).build()), Status.Code.UNAUTHENTICATED, "not a signed JWT");
        assertThat(journaled()).isEqualTo(before);
    }

    @Test
    void shouldRefuseATenantActingForAnotherOrOnTheControlPlane()
    {
        final long before = journaled();
        assertRefused(() -> withKey(payments(), OTHER_KEY).decidePayment(PaymentsGrpcTest.payment(5, "00000000c0de0005").setTenantId(TENANT)
            .build()), Status.Code.PERMISSION_DENIED, "tenant_id: other may not act for tenant 3");
        assertRefused(() -> withKey(ControlGrpc.newBlockingStub(engine.channel), TENANT_KEY)
            .takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(9).build()),
            Status.Code.PERMISSION_DENIED, "checkout is not an operator");
        assertThat(journaled()).isEqualTo(before);
    }

    @Test
    void shouldAcceptBearerTokensSignedHs256OrRs256WithATenantClaim() throws Exception
    {
        final String hs256 = token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, claims(TENANT).build());
        assertThat(withBearer(payments(), hs256).decidePayment(PaymentsGrpcTest.payment(6, "00000000c0de0006").setTenantId(TENANT).build())
            .getPaymentId()).isEqualTo(6);
        final String rs256 = token(new RSASSASigner((RSAPrivateKey)rsa.getPrivate()), JWSAlgorithm.RS256, claims(TENANT).build());
        assertThat(withBearer(payments(), rs256).decidePayment(PaymentsGrpcTest.payment(7, "00000000c0de0007").setTenantId(TENANT).build())
            .getPaymentId()).isEqualTo(7);
        final String operator = token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, claims(0).claim("role", "operator").build());
        assertThat(withBearer(ControlGrpc.newBlockingStub(engine.channel), operator)
            .takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(1).build()).getShardId()).isZero();
        assertRefused(() -> withBearer(payments(), hs256).decidePayment(PaymentsGrpcTest.payment(8, "00000000c0de0008").setTenantId(OTHER)
            .build()), Status.Code.PERMISSION_DENIED, "may not act for tenant 5");
    }

    @Test
    void shouldRefuseExpiredForgedUnsignedAndForeignTokens() throws Exception
    {
        final long before = journaled();
        final String expired = token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256,
            claims(TENANT).expirationTime(Date.from(Instant.now().minusSeconds(120))).build());
        assertRefused(() -> decide(expired), Status.Code.UNAUTHENTICATED, "expired");
        final String forged = token(new MACSigner("another secret, also at least thirty-two bytes".getBytes(StandardCharsets.US_ASCII)),
            JWSAlgorithm.HS256, claims(TENANT).build());
        assertRefused(() -> decide(forged), Status.Code.UNAUTHENTICATED, "bad signature");
        final String unsigned = new PlainJWT(claims(TENANT).build()).serialize();
        assertRefused(() -> decide(unsigned), Status.Code.UNAUTHENTICATED, "not a signed JWT");
        final String foreign = token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, claims(TENANT).issuer("https://elsewhere").build());
        assertRefused(() -> decide(foreign), Status.Code.UNAUTHENTICATED, "issuer");
        final String noTenant = token(new MACSigner(HMAC_SECRET), JWSAlgorithm.HS256, claims(0).build());
        assertRefused(() -> decide(noTenant), Status.Code.UNAUTHENTICATED, "no tenant claim");
        assertThat(journaled()).isEqualTo(before);
    }

    @Test
    void shouldAnswerHealthChecksWithoutCredentials()
    {
        assertThat(HealthGrpc.newBlockingStub(engine.channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    private static void decide(final String bearer)
    {
        withBearer(payments(), bearer).decidePayment(PaymentsGrpcTest.payment(99, "00000000c0de0099").setTenantId(TENANT).build());
    }

    private static PaymentsGrpc.PaymentsBlockingStub payments()
    {
        return PaymentsGrpc.newBlockingStub(engine.channel);
    }

    static JWTClaimsSet.Builder claims(final long tenant)
    {
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("checkout-service").issuer("https://issuer.example")
            .expirationTime(Date.from(Instant.now().plusSeconds(300)));
        return tenant > 0 ? claims.claim("tenant", tenant) : claims;
    }

    static String token(final JWSSigner signer, final JWSAlgorithm algorithm, final JWTClaimsSet claims) throws JOSEException
    {
        final SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static <S extends AbstractStub<S>> S withKey(final S stub, final String key)
    {
        final Metadata headers = new Metadata();
        headers.put(FrontInterceptor.API_KEY, key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static <S extends AbstractStub<S>> S withBearer(final S stub, final String token)
    {
        final Metadata headers = new Metadata();
        headers.put(FrontInterceptor.AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void assertRefused(final ThrowingCallable call, final Status.Code code, final String description)
    {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, refused ->
        {
            assertThat(refused.getStatus().getCode()).isEqualTo(code);
            assertThat(refused.getStatus().getDescription()).contains(description);
        });
    }

    private static long journaled()
    {
        try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(dir.resolve("journal"), 0)))
        {
            return reader.lastSequence();
        }
    }
}
