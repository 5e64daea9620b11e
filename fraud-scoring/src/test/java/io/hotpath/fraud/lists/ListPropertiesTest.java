package io.hotpath.fraud.lists;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ListPropertiesTest
{
    @Property
    void shouldContainExactlyTheAddressesThatShareTheBlocksPrefix(
        @ForAll final int address, @ForAll @IntRange(min = 0, max = 32) final int prefix, @ForAll final int other)
    {
        final IpSet set = new IpSet();
        assertThat(set.add(ipv4(address) + "/" + prefix)).isTrue();

        final long mask = prefix == 0 ? 0 : 0xFFFF_FFFFL << (32 - prefix) & 0xFFFF_FFFFL;
        final boolean samePrefix = ((address ^ other) & mask) == 0;
        final long[] bits = new long[2];
        assertThat(IpAddresses.parse(ipv4(other), bits)).isTrue();
        assertThat(set.contains(bits[0], bits[1])).isEqualTo(samePrefix);
    }

    @Property
    void shouldMatchABinExactlyWhenItsEightDigitSpanLiesInARange(
        @ForAll @IntRange(min = 100_000, max = 999_999) final int from,
        @ForAll @IntRange(min = 0, max = 5_000) final int width,
        @ForAll @IntRange(min = 100_000, max = 999_999) final int bin)
    {
        final int to = Math.min(999_999, from + width);
        final BinRanges ranges = new BinRanges();
        assertThat(ranges.add(from + "-" + to)).isTrue();

        assertThat(ranges.contains(bin, 6)).isEqualTo(bin >= from && bin <= to);
        assertThat(ranges.contains(bin * 100L + 42, 8)).isEqualTo(bin >= from && bin <= to);
    }

    private static String ipv4(final int address)
    {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
