package io.hotpath.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.EngineLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.CommandSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The same commands through fresh logic give the same results, the same staged stream messages
 * and the same state, byte for byte: a mixed workload of configs, quotes, validations, market data
 * with out-of-order times, subscriptions and ticks, with agitators (duplicate commands, expired and
 * reused quotes, refused batches).
 */
class PricingDeterminismTest
{
    private static final String BOOK = PricingConfigs.book("""
        promotions = [ { name = "weekend", from = "2026-11-21T00:00:00Z", to = "2026-11-23T00:00:00Z", percent-off = "8%" } ]
        stacking { policy = additive, cap = "15%" }
        demand { half-life = 20m, baseline = 5, sensitivity = 0.3, min = 0.85, max = 1.25 }
        scarcity { curve = [ { stock = 0, factor = 1.4 }, { stock = 30, factor = 1.0 } ] }
        competitors { policy = match, beat-by = "1%", max-age = 30m }
        guardrails { min-margin = "8%", max-change = "6%", per = 15m }
        quotes.ttl = 90s
        stream.threshold = "0.2%"
        """);
    private static final String[] SKUS = {"TV-55", "TV-65", "MILK-1L", "BOOK-1", "GUM", "PEN", "NO-SUCH"};
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "KWD", "GBP", "CHF"};

    @Test
    void shouldReproduceEveryResultStreamMessageAndTheStateFromTheSameCommands()
    {
        final List<byte[]> commands = workload(20261123L, 6_000);

        final Run first = run(commands);
        final Run second = run(commands);

        assertThat(second.results).hasSameSizeAs(first.results);
        for (int i = 0; i < first.results.size(); i++)
        {
            assertThat(second.results.get(i)).as("result %d", i).isEqualTo(first.results.get(i));
        }
        assertThat(second.staged.toByteArray()).isEqualTo(first.staged.toByteArray());
        assertThat(second.stateHash).isEqualTo(first.stateHash);
        assertThat(first.staged.size()).as("the workload streamed prices").isGreaterThan(10_000);
    }

    private record Run(List<byte[]> results, ByteArrayOutputStream staged, long stateHash)
    {
    }

    private static Run run(final List<byte[]> commands)
    {
        final ByteArrayOutputStream staged = new ByteArrayOutputStream();
        final DecisionStage stage = new DecisionStage(new EngineLogic(16, (id, sequence, hash, state, offset, length) -> true,
            new PricingLogic(new PricingLimits(512, 64, 512, 128, 50), (sequence, message, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                message.getBytes(offset, bytes);
                staged.writeBytes(bytes);
            })), (sequence, failure) ->
            {
                throw new AssertionError(failure);
            });
        final ExpandableArrayBuffer result = new ExpandableArrayBuffer(4096);
        final List<byte[]> results = new ArrayList<>();
        for (final byte[] command : commands)
        {
            final int length = stage.decide(new UnsafeBuffer(command), command.length, result);
            final byte[] bytes = new byte[length];
            result.getBytes(0, bytes);
            results.add(bytes);
        }
        return new Run(results, staged, stage.stateHash());
    }

    private static List<byte[]> workload(final long seed, final int count)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<byte[]> commands = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
        final QuoteCommand quote = new QuoteCommand();
        final ValidateQuoteCommand validate = new ValidateQuoteCommand();
        final MarketDataCommand market = new MarketDataCommand();
        long time = PricingHarness.at("2026-11-20T23:00:00Z");
        add(commands, buffer, new ControlCommand.ApplyConfig(PricingHarness.TENANT, ConfigDomain.PRICING, 1,
            BOOK.getBytes(StandardCharsets.UTF_8), "book.conf").source(1, time));
        long subscription = 0;
        for (int i = 0; i < count; i++)
        {
            // Ingress stamps from several event loops reach the ring slightly out of order.
            time += random.nextLong(-2_000_000_000L, 60_000_000_000L);
            final double draw = random.nextDouble();
            if (draw < 0.45)
            {
                quote.tenantId = PricingHarness.TENANT;
                quote.correlationId = i;
                quote.ingressTime = time;
                quote.skuKey = TextKeys.of(SKUS[random.nextInt(SKUS.length)]);
                quote.quantity = random.nextInt(12);
                quote.currency = PricingHarness.currency(CURRENCIES[random.nextInt(CURRENCIES.length)]);
                add(commands, buffer, quote);
            }
            else if (draw < 0.55)
            {
                validate.tenantId = PricingHarness.TENANT;
                validate.ingressTime = time;
                validate.quoteId = io.hotpath.core.state.Mix.finalise(1 + random.nextInt(commands.size()));
                validate.skuKey = TextKeys.of(SKUS[random.nextInt(SKUS.length)]);
                validate.quantity = random.nextInt(12);
                validate.currency = PricingHarness.currency(CURRENCIES[random.nextInt(CURRENCIES.length)]);
                validate.consume = random.nextBoolean();
                add(commands, buffer, validate);
            }
            else if (draw < 0.9)
            {
                market.clear();
                market.tenantId = PricingHarness.TENANT;
                market.ingressTime = time;
                for (int e = random.nextInt(1, 6); e > 0; e--)
                {
                    final long sku = TextKeys.of(SKUS[random.nextInt(SKUS.length - 1)]);
                    switch (random.nextInt(4))
                    {
                        case 0 -> market.demand(sku, random.nextInt(1, 20));
                        case 1 -> market.inventory(sku, random.nextInt(60));
                        case 2 -> market.competitorPrice(sku, 1 + random.nextInt(6), random.nextLong(100, 250_000),
                            PricingHarness.currency(random.nextBoolean() ? "EUR" : "USD"));
                        default -> market.fxRate(PricingHarness.currency("EUR"), PricingHarness.currency(CURRENCIES[1 + random.nextInt(4)]),
                            random.nextLong(300_000_000L, 170_000_000_000L));
                    }
                }
                add(commands, buffer, market);
            }
            else if (draw < 0.95)
            {
                final long[] keys = random.ints(1 + random.nextInt(4), 0, SKUS.length - 1).mapToLong(s -> TextKeys.of(SKUS[s])).toArray();
                add(commands, buffer, new SubscribePricesCommand(PricingHarness.TENANT, i, time, ++subscription,
                    PricingHarness.currency(CURRENCIES[random.nextInt(5)]), 0, 0, keys));
            }
            else if (draw < 0.97)
            {
                final long id = 1 + random.nextLong(subscription + 1);
                final long at = time;
                add(commands, buffer, b -> UnsubscribePricesCommand.encode(b, PricingHarness.TENANT, 0, at, id));
            }
            else
            {
                add(commands, buffer, new ControlCommand.Tick().source(i, time));
            }
            if (random.nextInt(50) == 0)
            {
                commands.add(commands.get(commands.size() - 1).clone());
            }
        }
        return commands;
    }

    private static void add(final List<byte[]> commands, final UnsafeBuffer buffer, final CommandSource source)
    {
        final int length = source.encodeCommand(buffer);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        commands.add(bytes);
    }
}
