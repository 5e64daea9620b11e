package io.hotpath.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each limit alone and both together, on a clock that moves only when the test moves it: a call
 * refused by one limit uses up nothing of the other.
 */
class TenantQuotasTest
{
    private static final long TENANT = 3;

    private long nanos;
    private final TimeMeter clock = new TimeMeter()
    {
        @Override
        public long currentTimeNanos()
        {
            return nanos;
        }

        @Override
        public boolean isWallClockBased()
        {
            return false;
        }
    };

    @Test
    void shouldAdmitTheBurstThenRefuseOverTheRateAndRefillWithTime()
    {
        final TenantQuotas.Tenant tenant = quotas(new TenantQuotas.Limits(20, 40, 0));

        assertThat(acquire(tenant, 100)).isEqualTo(40);
        nanos += 500_000_000L;
        assertThat(acquire(tenant, 100)).as("half a second at 20 a second").isEqualTo(10);
        assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.OVER_RATE);
    }

    @Test
    void shouldBoundCallsInFlightAndAdmitAgainWhenOneEnds()
    {
        final TenantQuotas quotas =
            new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of(TENANT, new TenantQuotas.Limits(0, 0, 8)), clock);
        final TenantQuotas.Tenant tenant = quotas.tenant(TENANT);

        assertThat(acquire(tenant, 600)).isEqualTo(8);
        assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.OVER_IN_FLIGHT);
        tenant.release();
        assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.ADMITTED);
        assertThat(quotas.inFlight(TENANT)).isEqualTo(8);
        assertThat(quotas.inFlight(TENANT + 1)).as("another tenant").isZero();
    }

    @Test
    void shouldKeepTheBurstForCallsRefusedAsInFlight()
    {
        final TenantQuotas.Tenant tenant = quotas(new TenantQuotas.Limits(20, 40, 8));

        // A flood of 600 while 8 are in flight: 8 admitted, the rest refused for being in flight, no token spent.
        assertThat(acquire(tenant, 600)).isEqualTo(8);
        int admitted = 8;
        while (true)
        {
            tenant.release();
            final int outcome = tenant.tryAcquire();
            if (outcome != TenantQuotas.ADMITTED)
            {
                assertThat(outcome).isEqualTo(TenantQuotas.OVER_RATE);
                break;
            }
            admitted++;
        }
        assertThat(admitted).as("the whole burst, whatever was refused for being in flight").isEqualTo(40);
    }

    @Test
    void shouldHoldNoSlotForACallRefusedOverTheRate()
    {
        final TenantQuotas quotas =
            new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of(TENANT, new TenantQuotas.Limits(1, 1, 8)), clock);
        final TenantQuotas.Tenant tenant = quotas.tenant(TENANT);
        assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.ADMITTED);
        tenant.release();

        for (int i = 0; i < 100; i++)
        {
            assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.OVER_RATE);
        }
        assertThat(quotas.inFlight(TENANT)).isZero();
        nanos += 1_000_000_000L;
        assertThat(tenant.tryAcquire()).isEqualTo(TenantQuotas.ADMITTED);
    }

    private TenantQuotas.Tenant quotas(final TenantQuotas.Limits limits)
    {
        return new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of(TENANT, limits), clock).tenant(TENANT);
    }

    /**
     * @return how many of {@code attempts} were admitted (and are still in flight).
     */
    private static int acquire(final TenantQuotas.Tenant tenant, final int attempts)
    {
        int admitted = 0;
        for (int i = 0; i < attempts; i++)
        {
            admitted += tenant.tryAcquire() == TenantQuotas.ADMITTED ? 1 : 0;
        }
        return admitted;
    }
}
