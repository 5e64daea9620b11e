package io.hotpath.routing;

import static io.hotpath.routing.RoutingHarness.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.CascadeAction;
import io.hotpath.core.sbe.Outcome;
import io.hotpath.core.state.StateWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CascadeTest
{
    private final RoutingHarness harness = new RoutingHarness();

    @BeforeEach
    void configure()
    {
        harness.applyConfig(RoutingHarness.TENANT, RoutingConfigs.withDefault("priority", ""));
    }

    @Test
    void shouldOfferTheNextUntriedProcessorAfterSoftDeclinesErrorsAndTimeoutsUntilExhausted()
    {
        assertThat(usRoute(1).order()).containsExactly("adyen", "stripe", "checkout");

        assertThat(harness.outcome(1, "adyen", Outcome.SOFT_DECLINE, "", SECOND))
            .extracting(RoutingHarness.Next::action, RoutingHarness.Next::processor).containsExactly(CascadeAction.RETRY, "stripe");
        assertThat(harness.outcome(1, "stripe", Outcome.TIMEOUT, "", SECOND))
            .extracting(RoutingHarness.Next::action, RoutingHarness.Next::processor).containsExactly(CascadeAction.RETRY, "checkout");
        assertThat(harness.outcome(1, "checkout", Outcome.ERROR, "", SECOND))
            .extracting(RoutingHarness.Next::action, RoutingHarness.Next::processor).containsExactly(CascadeAction.EXHAUSTED, "");
    }

    @Test
    void shouldSkipProcessorsAlreadyTriedWhateverTheOrderOfReports()
    {
        usRoute(2);
        assertThat(harness.outcome(2, "stripe", Outcome.ERROR, "", SECOND).processor()).isEqualTo("adyen");
        assertThat(harness.outcome(2, "adyen", Outcome.ERROR, "", SECOND).processor()).isEqualTo("checkout");
    }

    @Test
    void shouldStopOnAHardDeclineAndFinishOnApproval()
    {
        usRoute(3);
        assertThat(harness.outcome(3, "adyen", Outcome.HARD_DECLINE, "", SECOND).action()).isEqualTo(CascadeAction.STOP);
        assertThat(harness.outcome(3, "stripe", Outcome.SOFT_DECLINE, "", SECOND).action())
            .as("the cascade ended with the hard decline").isEqualTo(CascadeAction.EXHAUSTED);

        usRoute(4);
        assertThat(harness.outcome(4, "adyen", Outcome.APPROVED, "", SECOND).action()).isEqualTo(CascadeAction.DONE);
    }

    @Test
    void shouldLetTheProcessorsRetriableCodesDecideWhetherADeclineCascades()
    {
        usRoute(5);
        assertThat(harness.outcome(5, "adyen", Outcome.HARD_DECLINE, "51", SECOND).action())
            .as("51 is retriable at adyen").isEqualTo(CascadeAction.RETRY);
        usRoute(6);
        assertThat(harness.outcome(6, "adyen", Outcome.SOFT_DECLINE, "14", SECOND).action())
            .as("14 is not retriable at adyen").isEqualTo(CascadeAction.STOP);
        usRoute(7);
        assertThat(harness.outcome(7, "stripe", Outcome.SOFT_DECLINE, "14", SECOND).action())
            .as("stripe has no list: the outcome decides").isEqualTo(CascadeAction.RETRY);
    }

    @Test
    void shouldRefuseAnUnknownProcessorNamingTheField()
    {
        usRoute(8);
        assertThat(harness.outcome(8, "paypal", Outcome.APPROVED, "", SECOND).failure()).startsWith("processor:");
    }

    @Test
    void shouldKnowTheBytesItsStateTakesInASnapshot()
    {
        final StateWriter writer = new StateWriter(1024);
        harness.routing.writeState(writer);
        assertThat(harness.routing.stateBytesHint()).as("no payment yet").isEqualTo(writer.position());
        for (long payment = 10; payment < 60; payment++)
        {
            usRoute(payment);
            harness.outcome(payment, payment % 3 == 0 ? "adyen" : "stripe", payment % 2 == 0 ? Outcome.ERROR : Outcome.APPROVED, "",
                SECOND);
            harness.routing.writeState(writer.reset(0));
            assertThat(harness.routing.stateBytesHint()).as("after payment %d", payment).isEqualTo(writer.position());
        }
    }

    private RoutingHarness.Decision usRoute(final long payment)
    {
        return harness.route(payment, SECOND, r -> r.customerCountry = 'U' << 8 | 'S');
    }
}
