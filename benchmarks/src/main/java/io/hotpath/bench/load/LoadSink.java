package io.hotpath.bench.load;

/**
 * Where a transport reports each request's end, from whatever thread its reply arrives on. The
 * sequence is the request's place in the schedule, which fixes its planned send time.
 */
interface LoadSink
{
    void answered(long sequence);

    /**
     * The engine refused the request for overload: a full ring, a quota, the connection's in-flight bound.
     */
    void refused(long sequence);

    void failed(long sequence, String why);

    /**
     * A payment was decided and routed: it may get an outcome or a label later.
     */
    void decided(Decided payment);
}
