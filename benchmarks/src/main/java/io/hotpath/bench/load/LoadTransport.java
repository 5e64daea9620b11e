package io.hotpath.bench.load;

/**
 * One way to reach the engine: gRPC unary calls, the gRPC Exchange stream, or the binary front.
 * Sends are made from the one scheduling thread, without waiting; each request's end is reported
 * to the {@link LoadSink} the transport was made with.
 */
interface LoadTransport extends AutoCloseable
{
    /**
     * A payment decision: the traffic's payment in {@code slot}, as payment {@code paymentId}.
     */
    void decide(long sequence, int slot, long paymentId);

    /**
     * The traffic's quote in {@code slot}.
     */
    void quote(long sequence, int slot);

    void outcome(long sequence, Decided payment, boolean approved);

    void label(long sequence, Decided payment);

    /**
     * Sends what the sends since the last flush have written, where the transport batches.
     */
    void flush();

    @Override
    void close();
}
