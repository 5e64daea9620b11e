package io.hotpath.workload;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.gateway.v1.CascadeAction;
import io.hotpath.gateway.v1.FraudAction;
import io.hotpath.gateway.v1.OutcomeReply;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.RoutingGrpc;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Synthetic payment flows for the demo: each flow asks for the payment decision (fraud score, then
 * routing unless blocked), reports how the first processor answered, and follows the cascade while
 * the engine says retry. A fixed window of flows
 * is in flight; every call is timed from send to reply.
 *
 * <p>This is a closed loop, so its latencies are those of a saturated engine seen by a client that
 * waits; the open-loop load generator, timed from planned send times, belongs to the benchmarks.
 */
public final class DemoLoad
{
    private final RoutingGrpc.RoutingStub stub;
    private final PaymentsGrpc.PaymentsStub payments;
    private final DemoTraffic traffic;
    private final int inFlight;
    private final Semaphore window;
    private final Recorder routeLatency = new Recorder(3);
    private final Recorder outcomeLatency = new Recorder(3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder overloaded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder decisions = new LongAdder();
    private final LongAdder unrouted = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder approved = new LongAdder();
    private final Map<String, LongAdder> firstChoice = new ConcurrentHashMap<>();
    private final Map<FraudAction, LongAdder> actions = new ConcurrentHashMap<>();
    private final LongAdder scoreSum = new LongAdder();

    public DemoLoad(final ManagedChannel channel, final DemoTraffic traffic, final int inFlight)
    {
        this.stub = RoutingGrpc.newStub(channel);
        this.payments = PaymentsGrpc.newStub(channel);
        this.traffic = traffic;
        this.inFlight = inFlight;
        this.window = new Semaphore(inFlight);
    }

    /**
     * Drives traffic and then forgets it: the JIT compilers take most of a small host's CPU for the
     * first seconds, and those seconds say nothing about the engine.
     */
    public void warmUp(final Duration duration, final PrintStream out) throws InterruptedException
    {
        run(duration, out, "warm-up ", 0);
        for (final LongAdder counter : new LongAdder[] {calls, overloaded, failed, decisions, unrouted, retries, approved})
        {
            counter.reset();
        }
        firstChoice.clear();
        actions.clear();
        scoreSum.reset();
    }

    /**
     * @return the route and outcome latencies, in nanoseconds.
     */
    public Histogram[] measure(final Duration duration, final PrintStream out) throws InterruptedException
    {
        return run(duration, out, "", 1_000_000_000L);
    }

    public long calls()
    {
        return calls.sum();
    }

    public long overloaded()
    {
        return overloaded.sum();
    }

    public long failed()
    {
        return failed.sum();
    }

    public long decisions()
    {
        return decisions.sum();
    }

    public long unrouted()
    {
        return unrouted.sum();
    }

    public long retries()
    {
        return retries.sum();
    }

    public long approved()
    {
        return approved.sum();
    }

    public Map<String, LongAdder> firstChoice()
    {
        return firstChoice;
    }

    public Map<FraudAction, LongAdder> actions()
    {
        return actions;
    }

    public long scoreSum()
    {
        return scoreSum.sum();
    }

    public static double micros(final long nanos)
    {
        return nanos / 1_000.0;
    }

    private Histogram[] run(final Duration duration, final PrintStream out, final String phase, final long firstPayment)
        throws InterruptedException
    {
        final Histogram routes = new Histogram(3);
        final Histogram outcomes = new Histogram(3);
        Histogram interval = null;
        final long start = System.nanoTime();
        final long end = start + duration.toNanos();
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        long payment = firstPayment;
        long reportedCalls = 0;
        while (System.nanoTime() < end)
        {
            window.acquire();
            route(++payment);
            final long now = System.nanoTime();
            if (now >= nextReport)
            {
                interval = routeLatency.getIntervalHistogram(interval);
                routes.add(interval);
                outcomes.add(outcomeLatency.getIntervalHistogram());
                final long callsNow = calls.sum();
                out.printf("  %s%3ds  %,10d calls/s   decision p50 %,7.0f us   p99 %,7.0f us%n",
                    phase, TimeUnit.NANOSECONDS.toSeconds(now - start), callsNow - reportedCalls,
                    micros(interval.getValueAtPercentile(50)), micros(interval.getValueAtPercentile(99)));
                reportedCalls = callsNow;
                nextReport += TimeUnit.SECONDS.toNanos(1);
            }
        }
        // Wait for the flows still in flight, so every call sent is counted.
        if (window.tryAcquire(inFlight, 30, TimeUnit.SECONDS))
        {
            window.release(inFlight);
        }
        else
        {
            out.println("  some calls did not complete within 30 s of the end");
        }
        routes.add(routeLatency.getIntervalHistogram(interval));
        outcomes.add(outcomeLatency.getIntervalHistogram());
        return new Histogram[] {routes, outcomes};
    }

    private void route(final long paymentId)
    {
        final long sentAt = System.nanoTime();
        final var request = traffic.payment(paymentId);
        payments.decidePayment(request, new Reply<>()
        {
            @Override
            public void onNext(final PaymentDecision decision)
            {
                routeLatency.recordValue(System.nanoTime() - sentAt);
                decisions.increment();
                actions.computeIfAbsent(decision.getAction(), a -> new LongAdder()).increment();
                scoreSum.add(decision.getScore());
                if (decision.getAction() == FraudAction.FRAUD_ACTION_BLOCK)
                {
                    return;
                }
                if (!decision.getRouting().getRouted())
                {
                    unrouted.increment();
                    return;
                }
                final String first = decision.getRouting().getCandidates(0).getProcessor();
                firstChoice.computeIfAbsent(first, p -> new LongAdder()).increment();
                followUp = () -> report(request.getTenantId(), paymentId, first);
            }
        });
    }

    private void report(final long tenantId, final long paymentId, final String processor)
    {
        final long sentAt = System.nanoTime();
        final var outcome = traffic.answer(processor);
        final OutcomeRequest request = OutcomeRequest.newBuilder()
            .setTenantId(tenantId)
            .setPaymentId(paymentId)
            .setCorrelationId(paymentId)
            .setProcessor(processor)
            .setOutcome(outcome)
            .setResponseCode(outcome.getNumber() == 2 ? "05" : "")
            .setLatencyMicros(traffic.latencyMicros())
            .build();
        stub.reportOutcome(request, new Reply<>()
        {
            @Override
            public void onNext(final OutcomeReply reply)
            {
                outcomeLatency.recordValue(System.nanoTime() - sentAt);
                if (reply.getAction() == CascadeAction.CASCADE_ACTION_DONE)
                {
                    approved.increment();
                }
                else if (reply.getAction() == CascadeAction.CASCADE_ACTION_RETRY)
                {
                    retries.increment();
                    followUp = () -> report(tenantId, paymentId, reply.getNextProcessor());
                }
            }
        });
    }

    /**
     * One call of a flow. The flow's window permit is released when the flow ends: after a reply
     * with no follow-up call, or after an error.
     */
    private abstract class Reply<T> implements StreamObserver<T>
    {
        Runnable followUp;

        @Override
        public void onError(final Throwable failure)
        {
            if (Status.fromThrowable(failure).getCode() == Status.Code.RESOURCE_EXHAUSTED)
            {
                overloaded.increment();
            }
            else
            {
                failed.increment();
            }
            window.release();
        }

        @Override
        public void onCompleted()
        {
            calls.increment();
            if (followUp == null)
            {
                window.release();
            }
            else
            {
                followUp.run();
            }
        }
    }
}
