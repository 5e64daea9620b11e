package io.hotpath.bench;

import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.workload.DemoTraffic;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SBE codec on the hot path: encoding a payment decision command into a ring slot (what every
 * front does per request) and decoding every field of it (what the shard's logic reads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SbeCodecBenchmark
{
    private final DecidePaymentCommand command = new DecidePaymentCommand();
    private final UnsafeBuffer slot = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final DecidePaymentDecoder decoder = new DecidePaymentDecoder();
    private int length;

    @Setup
    public void encodeOne()
    {
        final DecidePaymentRequest request = new DemoTraffic(7, 4).payment(42);
        if (PaymentsService.adapt(request.toBuilder().putMetadata("order", "A-1001").putMetadata("shop", "berlin-3").build(), command)
            != null)
        {
            throw new IllegalStateException("the benchmark's payment is invalid");
        }
        length = command.encodeCommand(slot);
    }

    @Benchmark
    public int encodeDecidePayment()
    {
        command.paymentId++;
        return command.encodeCommand(slot);
    }

    @Benchmark
    public long decodeDecidePayment()
    {
        decoder.wrapAndApplyHeader(slot, 0, header);
        long sum = decoder.meta().tenantId() + decoder.meta().correlationId() + decoder.paymentId() + decoder.amount()
            + decoder.currency() + decoder.currencyDigits() + decoder.networkRaw() + decoder.cardTypeRaw() + decoder.bin()
            + decoder.binLength() + decoder.last4() + decoder.cardFingerprint() + decoder.issuerCountry() + decoder.customerCountry()
            + decoder.mcc() + decoder.channelRaw() + decoder.threeDsRaw() + decoder.customerKey() + decoder.emailKey()
            + decoder.deviceKey() + decoder.ipHigh() + decoder.ipLow();
        for (final DecidePaymentDecoder.MetadataDecoder entry : decoder.metadata())
        {
            sum += entry.keyHash() ^ entry.valueHash();
        }
        return sum + length;
    }
}
