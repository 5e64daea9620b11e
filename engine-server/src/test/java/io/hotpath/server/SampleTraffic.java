package io.hotpath.server;

import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.InventoryEvent;
import io.hotpath.gateway.v1.MarketDataBatch;
import io.hotpath.gateway.v1.MarketEvent;
import io.hotpath.gateway.v1.OutcomeRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.PricingGrpc;
import io.hotpath.gateway.v1.RoutingGrpc;
import java.io.IOException;

/**
 * A little of every domain's traffic for one tenant, over gRPC: for tests that need a journal with
 * payments, outcomes, quotes and market data in it.
 */
public final class SampleTraffic
{
    /** The tenant the traffic is for. */
    public static final long TENANT = 3;

    private SampleTraffic()
    {
    }

    /**
     * Applies the example routing, fraud and pricing configs to {@link #TENANT}, and an EUR/USD rate.
     */
    public static void configure(final TestEngine engine) throws IOException
    {
        ExampleConfigs.apply(ControlGrpc.newBlockingStub(engine.channel), TENANT, true);
        PricingGrpc.newBlockingStub(engine.channel).publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT)
            .addEvents(PricingGrpcTest.fx("EUR", "USD", "1.0832")).build());
    }

    /**
     * Payments with their first outcome, quotes in two currencies, and stock levels.
     */
    public static void send(final TestEngine engine, final int from, final int to)
    {
        final PaymentsGrpc.PaymentsBlockingStub payments = PaymentsGrpc.newBlockingStub(engine.channel);
        final RoutingGrpc.RoutingBlockingStub routing = RoutingGrpc.newBlockingStub(engine.channel);
        final PricingGrpc.PricingBlockingStub pricing = PricingGrpc.newBlockingStub(engine.channel);
        for (int i = from; i < to; i++)
        {
            final String card = String.format("%016x", 0xC0DEL + i % 40);
            final PaymentDecision decision = payments.decidePayment(PaymentsGrpcTest.payment(i + 1, card)
                .setTenantId(TENANT).setAmount(300 + i * 71L % 30_000).build());
            if (decision.getRouting().getRouted())
            {
                routing.reportOutcome(OutcomeRequest.newBuilder().setTenantId(TENANT).setPaymentId(i + 1)
                    .setProcessor(decision.getRouting().getCandidates(0).getProcessor())
                    .setOutcome(i % 9 == 0 ? PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE : PaymentOutcome.PAYMENT_OUTCOME_APPROVED)
                    .setLatencyMicros(120_000).build());
            }
            pricing.quote(PricingGrpcTest.quote(i % 2 == 0 ? "MILK-1L" : "TV-LED-43", 1 + i % 7, i % 3 == 0 ? "USD" : "EUR")
                .setTenantId(TENANT).build());
            if (i % 10 == 0)
            {
                pricing.publishMarketData(MarketDataBatch.newBuilder().setTenantId(TENANT).addEvents(MarketEvent.newBuilder()
                    .setInventory(InventoryEvent.newBuilder().setSku("TV-LED-43").setAvailable(i % 60))).build());
            }
        }
    }
}
