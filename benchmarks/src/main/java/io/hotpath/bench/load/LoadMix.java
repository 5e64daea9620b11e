package io.hotpath.bench.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * The share of each kind of request, as {@code decide=70,quote=20,outcome=7,label=3}: weights, not
 * necessarily summing to 100. Feedback needs a payment decided earlier; until one is, a decision
 * goes in its place.
 */
public final class LoadMix
{
    private final Map<LoadKind, Integer> weights;
    private final LoadKind[] kinds;
    private final int[] cumulative;
    private final int total;

    private LoadMix(final Map<LoadKind, Integer> weights)
    {
        this.weights = weights;
        this.kinds = weights.keySet().toArray(new LoadKind[0]);
        this.cumulative = new int[kinds.length];
        int sum = 0;
        for (int i = 0; i < kinds.length; i++)
        {
            sum += weights.get(kinds[i]);
            cumulative[i] = sum;
        }
        this.total = sum;
    }

    /**
     * @param text {@code kind=weight} pairs separated by commas.
     */
    public static LoadMix parse(final String text)
    {
        final Map<LoadKind, Integer> weights = new EnumMap<>(LoadKind.class);
        for (final String part : text.split(","))
        {
            final String[] pair = part.trim().split("=", 2);
            if (pair.length != 2)
            {
                throw new IllegalArgumentException("--mix: expected kind=weight, was \"" + part.trim() + "\"");
            }
            final int weight;
            try
            {
                weight = Integer.parseInt(pair[1].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("--mix: the weight of " + pair[0].trim() + " must be a whole number, was \""
                    + pair[1].trim() + "\"");
            }
            if (weight < 0 || weight > 1_000_000)
            {
                throw new IllegalArgumentException("--mix: weights are 0 to 1000000, was " + weight);
            }
            if (weight > 0 && weights.put(LoadKind.of(pair[0].trim()), weight) != null)
            {
                throw new IllegalArgumentException("--mix: " + pair[0].trim() + " is given twice");
            }
        }
        if (weights.isEmpty())
        {
            throw new IllegalArgumentException("--mix: at least one kind needs a weight above 0");
        }
        return new LoadMix(weights);
    }

    LoadKind pick(final SplittableRandom random)
    {
        final int draw = random.nextInt(total);
        for (int i = 0; i < cumulative.length; i++)
        {
            if (draw < cumulative[i])
            {
                return kinds[i];
            }
        }
        throw new IllegalStateException("unreachable: draw " + draw + " of " + total);
    }

    /**
     * @return the share of requests of this kind, 0 to 1.
     */
    double share(final LoadKind kind)
    {
        return weights.getOrDefault(kind, 0) / (double)total;
    }

    boolean includes(final LoadKind kind)
    {
        return weights.containsKey(kind);
    }

    @Override
    public String toString()
    {
        final StringJoiner text = new StringJoiner(",");
        weights.forEach((kind, weight) -> text.add(kind.label() + "=" + weight));
        return text.toString();
    }
}
