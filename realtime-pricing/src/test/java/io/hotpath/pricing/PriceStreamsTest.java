package io.hotpath.pricing;

import static io.hotpath.pricing.PricingHarness.NOW;
import static io.hotpath.pricing.PricingHarness.SECOND;
import static io.hotpath.pricing.PricingHarness.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.sbe.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * What the logic stages for price streams: the first prices of a subscription, an update for each
 * watched price a command moves past the threshold, nothing for smaller moves, and an end.
 */
class PriceStreamsTest
{
    private static final String STREAMED = """
        stream { threshold = "1%", max-subscriptions = 2 }
        scarcity { curve = [ { stock = 0, factor = 1.5 }, { stock = 100, factor = 1.0 } ] }
        promotions = [ { name = "midnight sale", groups = [books], from = "2026-11-21T00:00:00Z", to = "2026-11-22T00:00:00Z",
                         percent-off = "10%" } ]
        """;

    private final PricingHarness harness = new PricingHarness();

    @Test
    void shouldStageTheFirstPriceOfEverySkuOfASubscription()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();

        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65", "BOOK-1")).isNull();

        assertThat(harness.staged)
            .extracting(PricingHarness.StreamMessage::type, PricingHarness.StreamMessage::index, PricingHarness.StreamMessage::price)
            .containsExactly(tuple("bind", 0, 200_000L), tuple("bind", 1, 1_999L));
    }

    @Test
    void shouldStageAnUpdateOnlyForMovesPastTheThreshold()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65", "BOOK-1")).isNull();
        harness.staged.clear();

        assertThat(harness.market(NOW, m -> m.inventory(TextKeys.of("TV-65"), 99)).moved()).as("0.5%: under 1%").isZero();
        assertThat(harness.updates()).isEmpty();

        assertThat(harness.market(NOW, m -> m.inventory(TextKeys.of("TV-65"), 90)).moved()).isEqualTo(1);
        assertThat(harness.updates()).singleElement().satisfies(update ->
        {
            assertThat(update.price()).isEqualTo(210_000);
            assertThat(update.previous()).as("measured from the price last sent").isEqualTo(200_000);
        });
    }

    @Test
    void shouldSendTimeDrivenChangesOnTheTick()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "EUR", NOW, "BOOK-1")).isNull();
        harness.staged.clear();

        assertThat(harness.tick(NOW + SECOND)).isZero();
        assertThat(harness.tick(at("2026-11-21T00:00:00Z"))).as("the sale starts").isEqualTo(1);
        assertThat(harness.updates()).singleElement().extracting(PricingHarness.StreamMessage::price).isEqualTo(1_799L);
    }

    @Test
    void shouldShareOneWatchBetweenSubscriptionsAndStageOneUpdateForBoth()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65")).isNull();
        assertThat(harness.subscribe(2, "EUR", NOW, "TV-65", "TV-55")).isNull();
        assertThat(harness.staged.get(0).watchId()).isEqualTo(harness.staged.get(1).watchId());
        harness.staged.clear();

        harness.market(NOW, m -> m.inventory(TextKeys.of("TV-65"), 0));

        assertThat(harness.updates()).hasSize(1);
    }

    @Test
    void shouldEndASubscriptionAndStopFollowingItsPrices()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65")).isNull();
        harness.unsubscribe(1, NOW);

        assertThat(harness.staged.get(harness.staged.size() - 1).type()).isEqualTo("end");
        harness.staged.clear();
        harness.market(NOW, m -> m.inventory(TextKeys.of("TV-65"), 0));
        assertThat(harness.updates()).isEmpty();
        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65")).as("the id is free again").isNull();
    }

    @Test
    void shouldMoveEveryPriceInACurrencyWhenItsRateMoves()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        harness.fx("EUR", "USD", "1.1", NOW);
        assertThat(harness.subscribe(1, "USD", NOW, "TV-65", "TV-55", "BOOK-1")).isNull();
        harness.staged.clear();

        assertThat(harness.fx("EUR", "USD", "1.2", NOW + SECOND).moved()).isEqualTo(3);
        assertThat(harness.fx("EUR", "GBP", "0.9", NOW + SECOND).moved()).as("another currency").isZero();
    }

    @Test
    void shouldRefuseSubscriptionsPastTheTenantsLimitAndBadOnes()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "EUR", NOW, "TV-65")).isNull();
        assertThat(harness.subscribe(2, "EUR", NOW, "TV-65")).isNull();

        assertThat(harness.subscribe(3, "EUR", NOW, "TV-65")).isEqualTo(
            "subscriptions: the tenant has as many price streams as its config allows");
        assertThat(harness.code()).isEqualTo(ResultCode.LIMIT_EXCEEDED);
        harness.unsubscribe(2, NOW);
        assertThat(harness.subscribe(1, "EUR", NOW, "BOOK-1")).isEqualTo("subscription_id: already subscribed");
        assertThat(harness.subscribe(3, "EUR", NOW, "BOOK-1", "NOPE")).isEqualTo("skus[1]: not in the tenant's price book");
        assertThat(harness.subscribe(3, "CHF", NOW, "BOOK-1")).isEqualTo("currency: the tenant does not quote in this currency");
    }

    @Test
    void shouldRefuseASubscriptionWhenTheShardCannotFollowMorePrices()
    {
        final PricingHarness small = new PricingHarness(new PricingLimits(16, 16, 16, 2, 16));
        assertThat(small.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(small.subscribe(1, "EUR", NOW, "TV-65", "TV-55")).isNull();

        assertThat(small.subscribe(2, "EUR", NOW, "BOOK-1")).isEqualTo("subscriptions: the shard follows as many prices as it can");
        assertThat(small.subscribe(2, "EUR", NOW, "TV-55")).as("an existing watch needs no room").isNull();
    }

    @Test
    void shouldStreamZeroUntilAPriceCanBeMadeThenThePrice()
    {
        assertThat(harness.applyConfig(PricingConfigs.book(STREAMED))).isNull();
        assertThat(harness.subscribe(1, "USD", NOW, "BOOK-1")).isNull();
        assertThat(harness.staged.get(0).price()).as("no USD rate yet").isZero();
        harness.staged.clear();

        harness.fx("EUR", "USD", "1", NOW);

        assertThat(harness.updates()).singleElement().extracting(PricingHarness.StreamMessage::price).isEqualTo(2_009L);
    }
}
