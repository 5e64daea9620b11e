package io.hotpath.core.state;

import io.hotpath.core.logic.Fnv1a64;

/**
 * Runs the code every snapshot runs (hashing tables and ordered entries, encoding slots) over a small table of its own,
 * until the JIT has compiled it, so that a shard's first snapshot does not run it interpreted. A snapshot comes once an
 * interval, too seldom for the JIT to have compiled its code by then: the first one after a start held its logic thread
 * 100 to 600 ms (the soak's engine and {@code SnapshotBenchmark}), the hash alone ten times as long as once compiled.
 *
 * <p>Touches no shard's state; call it from any thread but a shard's, before the first snapshot is due.
 */
public final class SnapshotWarmUp
{
    /**
     * Longs an entry: every length class of the digest, up to a velocity key's row, and the empty one (a domain with nothing
     * of a kind yet, such as no fraud labels). A class the JIT has not seen is a branch it compiled out: the first snapshot
     * to take it throws the digest's compiled code away, and the rest of that snapshot hashes interpreted (the soak's first
     * snapshot held its thread three times as long as the later ones, its digest deoptimized at the empty length).
     */
    private static final int[] STRIDES = {0, 1, 2, 7, 9, 16, 24, 33, 64, 128, 256};
    private static final int KEYS = 64;
    private static final int ROUNDS = 300;

    private SnapshotWarmUp()
    {
    }

    /**
     * @return a value of the work done, so that none of it can be left out.
     */
    public static long run()
    {
        final int maxStride = STRIDES[STRIDES.length - 1];
        final SlotTable table = new SlotTable(KEYS);
        final long[] data = new long[KEYS * maxStride];
        for (int key = 1; key < KEYS; key++)
        {
            final int slot = table.acquire(key * 0x9E37_79B9L);
            for (int i = 0; i < maxStride; i++)
            {
                data[slot * maxStride + i] = key * 31L + i;
            }
        }
        final byte[] bytes = new byte[maxStride];
        final Fnv1a64 hasher = new Fnv1a64();
        final StateWriter writer = new StateWriter(KEYS * (maxStride + 2) * Long.BYTES);
        long digest = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            for (final int stride : STRIDES)
            {
                StateHashing.hashSlots(table, data, stride, hasher.reset());
                digest ^= hasher.hash();
                for (int entry = 0; entry < KEYS; entry++)
                {
                    digest = StateHashing.chain(digest, data, entry * stride, stride);
                }
                digest = StateHashing.chain(digest, bytes, 0, stride);
                table.writeState(writer.reset(0), data, stride);
                for (int entry = 0; entry < KEYS; entry++)
                {
                    writer.putLong(digest).putInt(entry).putBoolean(entry % 2 == 0);
                }
                digest += writer.position();
            }
        }
        return digest;
    }
}
