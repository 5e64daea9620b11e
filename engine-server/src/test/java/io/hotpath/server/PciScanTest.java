package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.v1.ApplyConfigRequest;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.FraudLabel;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.RoutingGrpc;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * After a load of test payments, some of which carry card numbers where none belongs (a metadata
 * value or key, a customer id, an email, a device id, the card number and CVV fields, an
 * idempotency key, a route request's metadata, a config and its origin), no card number is anywhere the engine writes: not in
 * the journal's files, not in the snapshots, not in the logs, not in an error sent back. Card
 * numbers are looked for as a PAN scanner does (a run of 13 to 19 digits starting 2 to 6 that passes
 * Luhn, with spaces or dashes between digits) and, for the numbers the test sent, also as 64-bit
 * binary integers.
 */
@Timeout(120)
public class PciScanTest
{
    private static final long TENANT = 3;
    private static final List<String> TEST_PANS = List.of(
        "4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "3530111333300000", "4111 1111 1111 1111");

    @TempDir
    Path journal;

    @Test
    void shouldKeepEveryCardNumberOutOfTheJournalSnapshotsLogsAndErrors() throws Exception
    {
        final ByteArrayOutputStream logs = new ByteArrayOutputStream();
        final OutputStreamAppender<ILoggingEvent> appender = captureLogs(logs);
        final List<String> errors = new ArrayList<>();
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            ExampleConfigs.apply(ControlGrpc.newBlockingStub(engine.channel), TENANT, true);
            final PaymentsGrpc.PaymentsBlockingStub payments = PaymentsGrpc.newBlockingStub(engine.channel);
            final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
            for (int i = 0; i < 400; i++)
            {
                final PaymentDecision decision = payments.decidePayment(payment(i).build());
                if (i % 10 == 0)
                {
                    payments.reportFraudLabel(FraudLabelRequest.newBuilder().setTenantId(TENANT).setPaymentId(decision.getPaymentId())
                        .setLabel(FraudLabel.FRAUD_LABEL_CHARGEBACK).setCardFingerprint(fingerprint(i)).build());
                }
            }
            int attempt = 1_000;
            for (final String pan : TEST_PANS)
            {
                final List<UnaryOperator<DecidePaymentRequest.Builder>> hidings = List.of(
                    request -> request.putMetadata("note", "card " + pan),
                    request -> request.putMetadata(pan, "x"),
                    request -> request.setCustomerId("customer-" + pan),
                    request -> request.setEmail(pan.replace(" ", "") + "@example.com"),
                    request -> request.setDeviceId(pan),
                    request -> request.setCardNumber(pan),
                    request -> request.setCvv("123"),
                    request -> request.setCurrency(pan),
                    request -> request.setCustomerCountry(pan));
                for (final UnaryOperator<DecidePaymentRequest.Builder> hide : hidings)
                {
                    errors.add(refused(() -> payments.decidePayment(hide.apply(payment(attempt)).build())));
                }
                errors.add(refused(() -> routing.route(RouteRequest.newBuilder().setTenantId(TENANT).setPaymentId(attempt)
                    .setAmount(1000).setCurrency("EUR").putMetadata("pan", pan).build())));
                final Metadata keyed = new Metadata();
                keyed.put(FrontInterceptor.IDEMPOTENCY_KEY, "retry-" + pan.replace(" ", ""));
                payments.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(keyed)).decidePayment(payment(attempt + 1).build());
            }
            final ControlGrpc.ControlBlockingStub control = ControlGrpc.newBlockingStub(engine.channel);
            errors.add(refused(() -> control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT)
                .setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING).setVersion(2).setOrigin("ticket " + TEST_PANS.get(0))
                .setConfig(ExampleConfigs.resource("routing-example.conf")).build())));
            errors.add(refused(() -> control.applyConfig(ApplyConfigRequest.newBuilder().setTenantId(TENANT)
                .setDomain(ConfigDomain.CONFIG_DOMAIN_ROUTING).setVersion(2).setOrigin("pasted")
                .setConfig(ExampleConfigs.resource("routing-example.conf").concat(ByteString.copyFromUtf8("# " + TEST_PANS.get(1))))
                .build())));
            control.takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(0).setSnapshotId(1).build());
            payments.decidePayment(payment(2_000).build());
        }
        // A restart logs its recovery, from the snapshot and the journal's tail.
        try (TestEngine engine = TestEngine.start(journal, Map.of("hotpath.shards", 1)))
        {
            PaymentsGrpc.newBlockingStub(engine.channel).decidePayment(payment(2_001).build());
        }
        finally
        {
            appender.stop();
            ((Logger)LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appender);
        }

        final List<Path> files;
        try (Stream<Path> walk = Files.walk(journal))
        {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anySatisfy(file -> assertThat(file.toString()).endsWith(".cq4"))
            .anySatisfy(file -> assertThat(file.toString()).endsWith(".snap"));
        for (final Path file : files)
        {
            assertNoCardNumber(Files.readAllBytes(file), file.toString());
        }
        assertNoCardNumber(logs.toByteArray(), "the logs");
        assertThat(logs.toString(StandardCharsets.UTF_8)).as("the logs were captured")
            .contains("routing config version 1", "recovered to engine sequence");
        for (final String error : errors)
        {
            assertNoCardNumber(error.getBytes(StandardCharsets.UTF_8), "an error sent back: " + error);
        }
    }

    private static DecidePaymentRequest.Builder payment(final int i)
    {
        return PaymentsGrpcTest.payment(i + 1, fingerprint(i)).setTenantId(TENANT).setAmount(500 + i * 37L % 20_000)
            .setCustomerId("customer-" + i % 50).setEmail("buyer" + i % 50 + "@example.com").setDeviceId("device-" + i % 50)
            .putMetadata("order", "order-" + i);
    }

    private static String fingerprint(final int i)
    {
        return String.format("%016x", 0xCA2DL + i % 60);
    }

    private static String refused(final ThrowingCallable call)
    {
        final String[] description = new String[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, refusal ->
        {
            assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            description[0] = refusal.getStatus().getDescription();
        });
        return description[0];
    }

    /**
     * Fails if {@code bytes} hold a card number: as text, a run of 13 to 19 digits (spaces or
     * dashes between them) starting 2 to 6 that passes Luhn; or one of the test's numbers as a
     * little- or big-endian 64-bit integer.
     */
    public static void assertNoCardNumber(final byte[] bytes, final String where)
    {
        final StringBuilder run = new StringBuilder();
        for (int i = 0; i <= bytes.length; i++)
        {
            final int b = i < bytes.length ? bytes[i] : 'x';
            if (b >= '0' && b <= '9')
            {
                run.append((char)b);
            }
            else if (!(run.length() > 0 && (b == ' ' || b == '-')))
            {
                assertThat(cardLike(run)).as("a card number in %s: %s", where, run).isFalse();
                run.setLength(0);
            }
        }
        for (final String pan : TEST_PANS)
        {
            final long number = Long.parseLong(pan.replace(" ", ""));
            for (final ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN})
            {
                final byte[] binary = ByteBuffer.allocate(8).order(order).putLong(number).array();
                assertThat(indexOf(bytes, binary)).as("%s as a %s integer in %s", pan, order, where).isNegative();
            }
        }
    }

    private static boolean cardLike(final CharSequence digits)
    {
        if (digits.length() < 13 || digits.length() > 19 || digits.charAt(0) < '2' || digits.charAt(0) > '6')
        {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++)
        {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                digit = digit > 9 ? digit - 9 : digit;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern)
    {
        outer:
        for (int i = 0; i <= bytes.length - pattern.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (bytes[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static OutputStreamAppender<ILoggingEvent> captureLogs(final ByteArrayOutputStream logs)
        throws IOException
    {
        final LoggerContext context = (LoggerContext)LoggerFactory.getILoggerFactory();
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d %-5level [%thread] %logger - %msg%n%ex");
        encoder.start();
        final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(logs);
        appender.start();
        final Logger root = (Logger)LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        return appender;
    }
}
