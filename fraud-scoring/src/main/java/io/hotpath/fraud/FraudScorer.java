package io.hotpath.fraud;

import io.hotpath.core.state.Mix;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.model.FraudFeature;
import io.hotpath.fraud.model.TreeEnsemble;
import io.hotpath.fraud.rules.RuleVariable;
import io.hotpath.fraud.velocity.VelocityKey;
import io.hotpath.fraud.velocity.VelocityStore;
import io.hotpath.fraud.velocity.VelocityWindow;
import java.util.Arrays;

/**
 * Scores one payment: velocity features as of the payment's ingress time, list membership, the
 * model over its declared features, then the rules over all of it.
 *
 * <pre>
 *   features  <- payment fields + velocity (before this payment is counted)
 *   model     <- features in the model's order           -> model score = round(1000 p)
 *   rules     <- features + model score + list membership -> action, score rules, shadow rules
 *   score     =  clamp(model score + score rules, 0, 1000)
 *   reasons   =  rules that fired + the features that pushed the model most
 *   velocity  <- this payment counted, after scoring
 * </pre>
 *
 * <p>Not thread-safe; owned by the shard's logic thread. Allocates nothing.
 */
public final class FraudScorer
{
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000};
    private static final RuleVariable[] RULE_VARIABLES = RuleVariable.values();

    private final VelocityStore velocity;
    private final float[] features = new float[FraudFeature.values().length];
    private final float[] modelInputs = new float[FraudFeature.values().length];
    private final float[] contributions = new float[FraudFeature.values().length];
    private final double[] ruleInputs = new double[RuleVariable.values().length];
    /**
     * The velocity slots of the payment's keys, found once while scoring and trusted when recording while no key has lost its
     * slot since ({@link VelocityStore#moves()} still reads {@link #movesAtFind}).
     */
    private int cardSlot = -1;
    private int binSlot = -1;
    private int customerSlot = -1;
    private int emailSlot = -1;
    private int deviceSlot = -1;
    private int ipSlot = -1;
    private long movesAtFind;
    /** What {@link VelocityStore#touch} loaded for the last payment: kept only so that its loads are made. */
    private long touched;
    /** The leaf each tree of the model reaches, found once for the score and the reasons; grows with the largest model. */
    private int[] leaves = new int[0];

    public FraudScorer(final VelocityStore velocity)
    {
        this.velocity = velocity;
    }

    /**
     * Scores {@code payment} at command time {@code now} into {@code result}.
     */
    public void score(final FraudConfig config, final PaymentView payment, final long now, final FraudResult result)
    {
        fillFeatures(payment, now);
        final TreeEnsemble model = config.model();
        model.leaves(inputsFor(model), leavesFor(model));
        result.modelScore = scoreOf(TreeEnsemble.probabilityOf(model.margin(leaves)));
        final TreeEnsemble shadow = config.shadowModel();
        result.shadowModelScore = shadow == null ? -1 : scoreOf(shadow, inputsFor(shadow));

        final FraudList block = config.block();
        final FraudList allow = config.allow();
        for (final RuleVariable variable : RULE_VARIABLES)
        {
            final FraudFeature feature = variable.feature();
            ruleInputs[variable.ordinal()] = feature == null ? 0 : features[feature.ordinal()];
        }
        ruleInputs[RuleVariable.SCORE.ordinal()] = result.modelScore;
        final boolean cardBlocked = block.hasCard(payment.cardFingerprint);
        final boolean binBlocked = block.hasBin(payment.bin, payment.binLength);
        final boolean emailBlocked = block.hasEmail(payment.emailKey);
        final boolean ipBlocked = payment.hasIp() && block.hasIp(payment.ipHigh, payment.ipLow);
        final boolean deviceBlocked = block.hasDevice(payment.deviceKey);
        final boolean countryBlocked = block.hasCountry(payment.customerCountry) || block.hasCountry(payment.issuerCountry);
        final boolean cardAllowed = allow.hasCard(payment.cardFingerprint);
        final boolean emailAllowed = allow.hasEmail(payment.emailKey);
        final boolean ipAllowed = payment.hasIp() && allow.hasIp(payment.ipHigh, payment.ipLow);
        final boolean deviceAllowed = allow.hasDevice(payment.deviceKey);
        flag(RuleVariable.CARD_BLOCKED, cardBlocked);
        flag(RuleVariable.BIN_BLOCKED, binBlocked);
        flag(RuleVariable.EMAIL_BLOCKED, emailBlocked);
        flag(RuleVariable.IP_BLOCKED, ipBlocked);
        flag(RuleVariable.DEVICE_BLOCKED, deviceBlocked);
        flag(RuleVariable.COUNTRY_BLOCKED, countryBlocked);
        flag(RuleVariable.CARD_ALLOWED, cardAllowed);
        flag(RuleVariable.EMAIL_ALLOWED, emailAllowed);
        flag(RuleVariable.IP_ALLOWED, ipAllowed);
        flag(RuleVariable.DEVICE_ALLOWED, deviceAllowed);

        config.rules().evaluate(ruleInputs, cardAllowed || emailAllowed || ipAllowed || deviceAllowed,
            cardBlocked || binBlocked || emailBlocked || ipBlocked || deviceBlocked || countryBlocked, result.verdict);
        result.score = Math.max(0, Math.min(1000, result.modelScore + result.verdict.scoreDelta()));
        topFeatures(model, result);
    }

    /**
     * Counts the payment in the velocity store; call after {@link #score}, so a payment is never
     * part of its own features.
     */
    public void record(final PaymentView payment, final long now)
    {
        final long card = payment.cardFingerprint;
        final long amount = payment.amount;
        velocity.record(cardSlot, movesAtFind, VelocityKey.CARD, card, amount, card, now);
        velocity.record(binSlot, movesAtFind, VelocityKey.BIN, payment.bin, amount, card, now);
        if (payment.customerKey != 0)
        {
            velocity.record(customerSlot, movesAtFind, VelocityKey.CUSTOMER, payment.customerKey, amount, card, now);
        }
        if (payment.emailKey != 0)
        {
            velocity.record(emailSlot, movesAtFind, VelocityKey.EMAIL, payment.emailKey, amount, card, now);
        }
        if (payment.deviceKey != 0)
        {
            velocity.record(deviceSlot, movesAtFind, VelocityKey.DEVICE, payment.deviceKey, amount, card, now);
        }
        if (payment.hasIp())
        {
            velocity.record(ipSlot, movesAtFind, VelocityKey.IP, ipKey(payment), amount, card, now);
        }
        cardSlot = binSlot = customerSlot = emailSlot = deviceSlot = ipSlot = -1;
    }

    private void fillFeatures(final PaymentView p, final long now)
    {
        final long card = p.cardFingerprint;
        cardSlot = velocity.find(VelocityKey.CARD, card);
        binSlot = velocity.find(VelocityKey.BIN, p.bin);
        customerSlot = p.customerKey == 0 ? -1 : velocity.find(VelocityKey.CUSTOMER, p.customerKey);
        emailSlot = p.emailKey == 0 ? -1 : velocity.find(VelocityKey.EMAIL, p.emailKey);
        deviceSlot = p.deviceKey == 0 ? -1 : velocity.find(VelocityKey.DEVICE, p.deviceKey);
        ipSlot = p.hasIp() ? velocity.find(VelocityKey.IP, ipKey(p)) : -1;
        movesAtFind = velocity.moves();
        touched = velocity.touch(VelocityKey.CARD, cardSlot, now) ^ velocity.touch(VelocityKey.BIN, binSlot, now)
            ^ velocity.touch(VelocityKey.CUSTOMER, customerSlot, now) ^ velocity.touch(VelocityKey.EMAIL, emailSlot, now)
            ^ velocity.touch(VelocityKey.DEVICE, deviceSlot, now) ^ velocity.touch(VelocityKey.IP, ipSlot, now);
        final long scale = POWERS_OF_TEN[Math.max(0, Math.min(4, p.currencyDigits))];
        set(FraudFeature.AMOUNT, (float)((double)p.amount / scale));
        set(FraudFeature.HOUR_OF_DAY, (float)Math.floorMod(Math.floorDiv(now, NANOS_PER_HOUR), 24L));
        set(FraudFeature.CARD_COUNT_1H, velocity.countInSlot(VelocityKey.CARD, cardSlot, VelocityWindow.HOUR, now));
        set(FraudFeature.CARD_AMOUNT_24H,
            (float)((double)velocity.amountInSlot(VelocityKey.CARD, cardSlot, VelocityWindow.DAY, now) / scale));
        set(FraudFeature.DEVICE_DISTINCT_CARDS_24H,
            p.deviceKey == 0 ? Float.NaN : velocity.distinctCardsInSlot(VelocityKey.DEVICE, deviceSlot, VelocityWindow.DAY, now));
        set(FraudFeature.IP_DISTINCT_CARDS_1H,
            p.hasIp() ? velocity.distinctCardsInSlot(VelocityKey.IP, ipSlot, VelocityWindow.HOUR, now) : Float.NaN);
        set(FraudFeature.EMAIL_COUNT_24H,
            p.emailKey == 0 ? Float.NaN : velocity.countInSlot(VelocityKey.EMAIL, emailSlot, VelocityWindow.DAY, now));
        set(FraudFeature.COUNTRY_MISMATCH,
            p.issuerCountry != 0 && p.customerCountry != 0 && p.issuerCountry != p.customerCountry ? 1 : 0);
        set(FraudFeature.THREE_DS_AUTHENTICATED, p.threeDsAuthenticated ? 1 : 0);
        set(FraudFeature.MOTO, p.moto ? 1 : 0);
        set(FraudFeature.BIN_COUNT_1H, velocity.countInSlot(VelocityKey.BIN, binSlot, VelocityWindow.HOUR, now));
        // A card is known to a customer who paid with it in the last day: the customer's distinct-card memory holds it.
        set(FraudFeature.KNOWN_CARD,
            p.customerKey != 0 && velocity.hasCardInSlot(VelocityKey.CUSTOMER, customerSlot, card, VelocityWindow.DAY, now) ? 1 : 0);
    }

    private float[] inputsFor(final TreeEnsemble model)
    {
        for (int i = 0; i < model.featureCount(); i++)
        {
            modelInputs[i] = features[model.input(i).ordinal()];
        }
        return modelInputs;
    }

    private static int scoreOf(final TreeEnsemble model, final float[] inputs)
    {
        return scoreOf(model.probability(inputs));
    }

    private static int scoreOf(final double probability)
    {
        return (int)Math.round(probability * 1000);
    }

    /**
     * @return room for the leaves of {@code model}'s trees; allocated only when a config brings a model with more trees
     *         than any before.
     */
    private int[] leavesFor(final TreeEnsemble model)
    {
        if (leaves.length < model.treeCount())
        {
            leaves = new int[model.treeCount()];
        }
        return leaves;
    }

    private void topFeatures(final TreeEnsemble model, final FraudResult result)
    {
        Arrays.fill(contributions, 0);
        model.attribute(leaves, contributions);
        final int inputs = model.featureCount();
        result.topFeatureCount = 0;
        for (int rank = 0; rank < FraudResult.TOP_FEATURES; rank++)
        {
            int best = -1;
            for (int i = 0; i < inputs; i++)
            {
                if (contributions[i] > 0 && (best < 0 || contributions[i] > contributions[best]))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                break;
            }
            result.topFeatures[result.topFeatureCount++] = model.input(best);
            contributions[best] = 0;
        }
    }

    private void set(final FraudFeature feature, final float value)
    {
        features[feature.ordinal()] = value;
    }

    private void flag(final RuleVariable variable, final boolean value)
    {
        ruleInputs[variable.ordinal()] = value ? 1 : 0;
    }

    private static long ipKey(final PaymentView p)
    {
        return Mix.of(p.ipHigh, p.ipLow);
    }
}
