package io.hotpath.fraud.model;

import java.util.SplittableRandom;

/**
 * A synthetic, labelled set of card payments in the shape of {@link FraudFeature}: most payments
 * legitimate, about one in twenty fraudulent, the fraud showing in velocity (card testing bursts,
 * many cards per device or IP), country mismatch, odd hours, no 3-D Secure and large amounts, with
 * noise, so a model has something real to learn and cannot learn it perfectly. BIN velocity tracks
 * volume and carries no signal. Some emails are
 * unknown (missing values). Deterministic for a seed.
 */
final class SyntheticPayments
{
    static final String[] FEATURE_NAMES = names();

    final int rows;
    final float[] features;
    final float[] labels;

    SyntheticPayments(final long seed, final int rows)
    {
        this.rows = rows;
        this.features = new float[rows * FEATURE_NAMES.length];
        this.labels = new float[rows];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int r = 0; r < rows; r++)
        {
            final boolean fraud = random.nextDouble() < 0.05;
            final int o = r * FEATURE_NAMES.length;
            features[o] = (float)(fraud ? 20 + random.nextDouble() * 900 : 5 + Math.exp(random.nextGaussian() * 0.9 + 3.2));
            features[o + 1] = random.nextInt(24);
            if (fraud && random.nextDouble() < 0.5)
            {
                features[o + 1] = random.nextInt(5);
            }
            features[o + 2] = fraud ? 1 + random.nextInt(12) : 1 + (random.nextDouble() < 0.1 ? random.nextInt(3) : 0);
            features[o + 3] = features[o] * (fraud ? 1 + random.nextInt(8) : 1 + random.nextInt(2));
            features[o + 4] = fraud ? 1 + random.nextInt(9) : 1 + (random.nextDouble() < 0.05 ? 1 : 0);
            features[o + 5] = fraud ? 1 + random.nextInt(15) : 1 + (random.nextDouble() < 0.08 ? random.nextInt(3) : 0);
            features[o + 6] = random.nextDouble() < 0.1 ? Float.NaN : (fraud ? random.nextInt(10) : random.nextInt(3));
            features[o + 7] = (fraud ? random.nextDouble() < 0.55 : random.nextDouble() < 0.08) ? 1 : 0;
            features[o + 8] = (fraud ? random.nextDouble() < 0.2 : random.nextDouble() < 0.65) ? 1 : 0;
            features[o + 9] = (fraud ? random.nextDouble() < 0.15 : random.nextDouble() < 0.04) ? 1 : 0;
            // BIN velocity follows traffic volume, not fraud: uninformative on purpose, over a wide range.
            features[o + 10] = random.nextInt(5_000);
            features[o + 11] = (fraud ? random.nextDouble() < 0.1 : random.nextDouble() < 0.7) ? 1 : 0;
            // One label in fifty flipped: real labels are noisy.
            labels[r] = (fraud ^ random.nextDouble() < 0.02) ? 1 : 0;
        }
    }

    float[] row(final int r, final float[] into)
    {
        System.arraycopy(features, r * FEATURE_NAMES.length, into, 0, FEATURE_NAMES.length);
        return into;
    }

    private static String[] names()
    {
        final FraudFeature[] all = FraudFeature.values();
        final String[] names = new String[all.length];
        for (int i = 0; i < all.length; i++)
        {
            names[i] = all[i].modelName();
        }
        return names;
    }
}
