package io.hotpath.fraud.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.testing.AllocationMeter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpSetTest
{
    private final IpSet set = new IpSet();

    @Test
    void shouldMatchExactAddressesAndIpv4Blocks()
    {
        assertThat(set.add("203.0.113.7")).isTrue();
        assertThat(set.add("198.51.100.0/24")).isTrue();
        assertThat(set.add("10.0.0.0/8")).isTrue();

        assertThat(contains("203.0.113.7")).isTrue();
        assertThat(contains("203.0.113.8")).isFalse();
        assertThat(contains("198.51.100.255")).isTrue();
        assertThat(contains("198.51.101.0")).isFalse();
        assertThat(contains("10.200.3.4")).isTrue();
        assertThat(contains("11.0.0.1")).isFalse();
    }

    @Test
    void shouldMatchIpv6BlocksAndKeepTheFamiliesApart()
    {
        assertThat(set.add("2001:db8::/32")).isTrue();
        assertThat(set.add("2a00:1450:4001:81c::200e")).isTrue();
        assertThat(set.add("192.0.2.0/24")).isTrue();

        assertThat(contains("2001:db8:1234::1")).isTrue();
        assertThat(contains("2001:db9::1")).isFalse();
        assertThat(contains("2a00:1450:4001:81c::200e")).isTrue();
        assertThat(contains("2a00:1450:4001:81c::200f")).isFalse();
        assertThat(contains("::ffff:192.0.2.9")).as("an IPv4-mapped IPv6 address is the IPv4 address").isTrue();
        assertThat(contains("192:0:2::9")).isFalse();
    }

    @Test
    void shouldRefuseWhatIsNotAnAddressOrBlockWithoutResolvingNames()
    {
        assertThat(set.add("example.com")).isFalse();
        assertThat(set.add("localhost")).isFalse();
        assertThat(set.add("10.0.0.0/33")).isFalse();
        assertThat(set.add("2001:db8::/129")).isFalse();
        assertThat(set.add("10.0.0.0/x")).isFalse();
        assertThat(set.add("300.1.1.1")).isFalse();
        assertThat(set.size()).isZero();
    }

    @Test
    void shouldLookUpWithoutAllocating()
    {
        set.add("10.0.0.0/8");
        set.add("2001:db8::/32");
        set.add("203.0.113.7");
        final long[] address = new long[2];
        IpAddresses.parse("10.1.2.3", address);
        final int[] hits = new int[1];
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 200_000; i++)
            {
                hits[0] += set.contains(address[0], address[1] + (i & 0xFF)) ? 1 : 0;
            }
        });
        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
        assertThat(hits[0]).isEqualTo(200_000 * rounds.length);
    }

    private boolean contains(final String address)
    {
        final long[] bits = new long[2];
        assertThat(IpAddresses.parse(address, bits)).as(address).isTrue();
        return set.contains(bits[0], bits[1]);
    }
}
