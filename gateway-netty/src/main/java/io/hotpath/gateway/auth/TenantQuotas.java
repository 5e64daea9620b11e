package io.hotpath.gateway.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-tenant quotas, so one tenant's flood is refused for that tenant alone while the others keep
 * their share of the shards: a rate (a token bucket refilled greedily, Bucket4j, lock-free) and a
 * bound on calls in flight (admitted but not yet answered).
 *
 * <p>A refused call uses up nothing of any limit: the in-flight slot is taken first, then the
 * token, and a call refused for its rate gives its slot back. So a tenant held at its in-flight
 * bound keeps its whole burst for when its calls end.
 *
 * <p>Thread-safe and non-blocking: called on the fronts' event loops.
 */
public final class TenantQuotas
{
    /** Admitted: {@link #release} it when the call ends. */
    public static final int ADMITTED = 0;
    /** Refused: the tenant is over its rate. */
    public static final int OVER_RATE = 1;
    /** Refused: the tenant has its maximum of calls in flight. */
    public static final int OVER_IN_FLIGHT = 2;

    /**
     * One tenant's quota.
     *
     * @param ratePerSecond calls a second, sustained; 0 for no rate limit.
     * @param burst         calls allowed at once above the rate (the bucket's size); at least the rate.
     * @param inFlight      calls admitted and not yet answered; 0 for no bound.
     */
    public record Limits(long ratePerSecond, long burst, int inFlight)
    {
        public static final Limits UNLIMITED = new Limits(0, 0, 0);

        public Limits
        {
            if (ratePerSecond < 0 || burst < 0 || inFlight < 0)
            {
                throw new IllegalArgumentException("quotas must be >= 0: rate " + ratePerSecond + ", burst " + burst + ", in-flight "
                    + inFlight);
            }
        }
    }

    private final Limits defaults;
    private final Map<Long, Limits> perTenant;
    private final ConcurrentMap<Long, Tenant> states = new ConcurrentHashMap<>();
    private final TimeMeter clock;

    /**
     * @param defaults  every tenant's quota unless {@code perTenant} has its own.
     * @param perTenant tenants with a quota of their own.
     */
    public TenantQuotas(final Limits defaults, final Map<Long, Limits> perTenant)
    {
        this(defaults, perTenant, TimeMeter.SYSTEM_NANOTIME);
    }

    /**
     * @param clock what the rate buckets refill by: a test's clock moves only when the test moves it.
     */
    TenantQuotas(final Limits defaults, final Map<Long, Limits> perTenant, final TimeMeter clock)
    {
        this.defaults = defaults;
        this.perTenant = Map.copyOf(perTenant);
        this.clock = clock;
    }

    /**
     * @return {@link #ADMITTED}, {@link #OVER_RATE} or {@link #OVER_IN_FLIGHT}.
     */
    public int tryAcquire(final long tenantId)
    {
        return tenant(tenantId).tryAcquire();
    }

    /**
     * Ends a call {@link #tryAcquire} admitted.
     */
    public void release(final long tenantId)
    {
        tenant(tenantId).release();
    }

    /**
     * @return the tenant's quota state, to keep (a connection acting for one tenant does) and use without a lookup.
     */
    public Tenant tenant(final long tenantId)
    {
        final Tenant state = states.get(tenantId);
        return state != null ? state : states.computeIfAbsent(tenantId, id -> new Tenant(limits(id), clock));
    }

    /**
     * @return the tenant's quota.
     */
    public Limits limits(final long tenantId)
    {
        return perTenant.getOrDefault(tenantId, defaults);
    }

    /**
     * @return the tenant's calls in flight, as counted here.
     */
    public int inFlight(final long tenantId)
    {
        return tenant(tenantId).inFlight.get();
    }

    /**
     * One tenant's bucket and count of calls in flight. Without a rate, nothing here allocates;
     * Bucket4j's lock-free bucket allocates a small state object per call it admits.
     */
    public static final class Tenant
    {
        private final Bucket bucket;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final int maxInFlight;
        private final Limits limits;

        Tenant(final Limits limits, final TimeMeter clock)
        {
            this.limits = limits;
            this.bucket = limits.ratePerSecond() == 0 ? null : Bucket.builder()
                .addLimit(limit -> limit.capacity(Math.max(limits.burst(), limits.ratePerSecond()))
                    .refillGreedy(limits.ratePerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build();
            this.maxInFlight = limits.inFlight();
        }

        /**
         * @return {@link #ADMITTED}, {@link #OVER_RATE} or {@link #OVER_IN_FLIGHT}.
         */
        public int tryAcquire()
        {
            if (maxInFlight > 0)
            {
                while (true)
                {
                    final int current = inFlight.get();
                    if (current >= maxInFlight)
                    {
                        return OVER_IN_FLIGHT;
                    }
                    if (inFlight.compareAndSet(current, current + 1))
                    {
                        break;
                    }
                }
            }
            if (bucket != null && !bucket.tryConsume(1))
            {
                release();
                return OVER_RATE;
            }
            return ADMITTED;
        }

        /**
         * Ends a call {@link #tryAcquire} admitted.
         */
        public void release()
        {
            if (maxInFlight > 0)
            {
                inFlight.decrementAndGet();
            }
        }

        public Limits limits()
        {
            return limits;
        }
    }
}
