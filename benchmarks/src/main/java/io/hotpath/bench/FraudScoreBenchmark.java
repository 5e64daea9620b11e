package io.hotpath.bench;

import io.hotpath.fraud.FraudConfig;
import io.hotpath.fraud.FraudResult;
import io.hotpath.fraud.FraudScorer;
import io.hotpath.fraud.PaymentView;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.model.XgboostJsonLoader;
import io.hotpath.fraud.rules.RuleParser;
import io.hotpath.fraud.rules.RuleSet;
import io.hotpath.fraud.velocity.VelocityStore;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full fraud score on the logic thread: velocity features over six keys, block and allow lists,
 * the shipped model (80 trees) and a shadow model, ten rules, reasons, then the velocity update.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FraudScoreBenchmark
{
    private static final String RULES = String.join("\n",
        "allow \"trusted device\" if device_allowed",
        "block \"card testing\" if ip_distinct_cards_1h >= 5 or device_distinct_cards_24h >= 4",
        "block \"blocked\" if email_blocked or card_blocked or ip_blocked",
        "block \"very risky\" if score >= 900",
        "challenge \"mismatch, no 3DS\" if country_mismatch and not three_ds_authenticated",
        "review \"large unknown card\" if amount > 1000 and not known_card",
        "review \"busy card\" if card_count_1h > 5",
        "score +150 \"night\" if hour_of_day < 5",
        "score -50 \"known\" if known_card",
        "shadow block \"experiment\" if card_count_1h >= 3 and country_mismatch");

    private final FraudScorer scorer = new FraudScorer(new VelocityStore(65_536));
    private final FraudResult result = new FraudResult(16);
    private final PaymentView payment = new PaymentView();
    private FraudConfig config;
    private long clock = 1_800_000_000L * 1_000_000_000L;
    private long next;

    @Setup(Level.Trial)
    public void configure() throws Exception
    {
        final TreeEnsemble model;
        try (InputStream in = FraudScoreBenchmark.class.getResourceAsStream("/models/default-fraud-model.json"))
        {
            model = XgboostJsonLoader.load(in.readAllBytes(), "default");
        }
        final FraudList block = new FraudList();
        block.addIp("198.51.100.0/24");
        block.addEmail("mule@example.com");
        config = new FraudConfig(new RuleSet(RuleParser.parse(RULES, "bench.rules")), block, new FraudList(), model, model, false);
        payment.currencyDigits = 2;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.threeDsAuthenticated = true;
        for (int i = 0; i < 100_000; i++)
        {
            fullScore();
        }
    }

    @Benchmark
    public int fullScore()
    {
        final long i = ++next;
        payment.amount = 500 + i % 20_000;
        payment.cardFingerprint = 0x5EED_0000L + i % 20_000;
        payment.customerKey = 0xC057_0000L + i % 5_000;
        payment.emailKey = 0xE3A1_0000L + i % 5_000;
        payment.deviceKey = 0xDE71_0000L + i % 8_000;
        payment.ipLow = 0xFFFF_0A00_0000L + i % 3_000;
        clock += 1_000_000;
        scorer.score(config, payment, clock, result);
        scorer.record(payment, clock);
        return result.score();
    }
}
