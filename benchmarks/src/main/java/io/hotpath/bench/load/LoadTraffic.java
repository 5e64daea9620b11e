package io.hotpath.bench.load;

import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.QuoteRequest;
import io.hotpath.gateway.workload.DemoTraffic;
import io.hotpath.gateway.workload.ExampleTenants;
import io.hotpath.gateway.workload.PricingTraffic;

/**
 * The requests the load generator sends, made before the run so that making them costs the
 * schedule nothing: payments (the demo's European marketplace, with its card tester) and quotes
 * (the example price book), for tenants 1 to {@code tenants}. A payment goes out with a payment id
 * of its own each time.
 */
final class LoadTraffic
{
    static final int SLOTS = 4096;

    final DecidePaymentRequest[] payments = new DecidePaymentRequest[SLOTS];
    final QuoteRequest[] quotes = new QuoteRequest[SLOTS];
    final PricingTraffic pricing;
    final int tenants;

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
