package io.hotpath.bench.load;

import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.workload.DemoTraffic;
import io.hotpath.workload.ExampleTenants;
import io.hotpath.workload.PricingTraffic;

/**
 * The requests the load generator sends, made before the run so that making them costs the
 * schedule nothing: payments (the demo's European marketplace, with its card tester) and quotes
 * (the example price book), for tenants 1 to {@code tenants}. A payment goes out with a payment id
 * of its own each time, and from a customer of the request's generation (one generation per
 * {@link #SLOTS} requests, see {@link DemoTraffic#renewed}), so that a long run meets new customers
 * as real traffic does instead of the same cards thousands of times an hour.
 */
final class LoadTraffic
{
    static final int SLOTS = 4096;

    final DecidePaymentRequest[] payments = new DecidePaymentRequest[SLOTS];
    final QuoteRequest[] quotes = new QuoteRequest[SLOTS];
    final PricingTraffic pricing;
    final int tenants;

    /**
     * @return the payment of {@code slot} as request {@code sequence} sends it, as payment {@code paymentId}.
     */
    DecidePaymentRequest payment(final int slot, final long sequence, final long paymentId)
    {
        return DemoTraffic.renewed(payments[slot], sequence / SLOTS).toBuilder()
            .setPaymentId(paymentId).setCorrelationId(paymentId).build();
    }

    LoadTraffic(final long seed, final int tenants)
    {
        this.tenants = tenants;
        final DemoTraffic demo = new DemoTraffic(seed, tenants);
        pricing = new PricingTraffic(seed + 1, tenants, ExampleTenants.resource(ExampleTenants.PRICING).toStringUtf8());
        for (int slot = 0; slot < SLOTS; slot++)
        {
            payments[slot] = demo.payment(slot + 1);
            quotes[slot] = pricing.quote(slot + 1);
        }
    }
}
