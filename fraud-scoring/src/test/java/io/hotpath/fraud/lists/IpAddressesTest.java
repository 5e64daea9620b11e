package io.hotpath.fraud.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.testing.AllocationMeter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Dotted quads are read by hand; they must read exactly as the JDK reads them, and be refused
 * exactly where it would refuse them or take them for a host name.
 */
class IpAddressesTest
{
    @Property(tries = 3000)
    void shouldReadADottedQuadAsTheJdkDoes(@ForAll("quadLike") final String text) throws UnknownHostException
    {
        final long[] bits = {-1, -1};
        final boolean parsed = IpAddresses.parse(text, bits);

        final boolean jdkReadsAnAddress = text.matches("\\d{1,3}(\\.\\d{1,3}){3}") && octetsAtMost255(text);
        assertThat(parsed).as(text).isEqualTo(jdkReadsAnAddress);
        assertThat(IpAddresses.isIpv4(text)).as(text).isEqualTo(jdkReadsAnAddress);
        if (jdkReadsAnAddress)
        {
            final byte[] address = ((Inet4Address)InetAddress.getByName(text)).getAddress();
            final long expected = 0xFFFF_0000_0000L | (address[0] & 0xFFL) << 24 | (address[1] & 0xFFL) << 16
                | (address[2] & 0xFFL) << 8 | address[3] & 0xFFL;
            assertThat(bits).as(text).containsExactly(0, expected);
        }
    }

    @Property(tries = 3000)
    void shouldReadAnIpv6LiteralAsTheJdkDoes(@ForAll("ipv6Like") final String text)
    {
        final long[] bits = {-1, -1};
        final boolean parsed = IpAddresses.parse(text, bits);

        // Only text the JDK takes for an IPv6 literal is handed to it here, so no host name is ever resolved.
        final byte[] jdk = text.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*") ? jdkAddress(text) : null;
        assertThat(parsed).as(text).isEqualTo(jdk != null);
        if (jdk != null && jdk.length == 16)
        {
            assertThat(bits).as(text).containsExactly(java.nio.ByteBuffer.wrap(jdk).getLong(0), java.nio.ByteBuffer.wrap(jdk).getLong(8));
        }
    }

    @Test
    void shouldStillReadIpv6AndRefuseHostNames()
    {
        final long[] bits = new long[2];
        assertThat(IpAddresses.parse("2001:db8::1", bits)).isTrue();
        assertThat(bits).containsExactly(0x2001_0db8_0000_0000L, 1L);
        assertThat(IpAddresses.parse("::ffff:192.0.2.1", bits)).isTrue();
        assertThat(bits).containsExactly(0, 0xFFFF_C000_0201L);
        assertThat(IpAddresses.parse("localhost", bits)).isFalse();
        assertThat(IpAddresses.parse("1.2.3.256", bits)).isFalse();
        assertThat(IpAddresses.isIpv4("2001:db8::1")).isFalse();
    }

    @Test
    void shouldReadADottedQuadWithoutAllocating()
    {
        final long[] bits = new long[2];
        final String[] addresses = {"10.0.0.1", "192.168.100.200", "255.255.255.255", "0.0.0.0", "010.001.2.3"};
        assertThat(AllocationMeter.steadyState(() ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                IpAddresses.parse(addresses[i % addresses.length], bits);
            }
        })).isZero();
    }

    @Provide
    Arbitrary<String> quadLike()
    {
        final Arbitrary<String> anyOf = Arbitraries.strings().withChars("0123456789.").ofMinLength(0).ofMaxLength(17);
        final Arbitrary<String> quads = Arbitraries.integers().between(0, 999).list().ofSize(4)
            .map(octets -> String.join(".", octets.stream().map(String::valueOf).toList()));
        final Arbitrary<String> padded = Arbitraries.integers().between(0, 300).list().ofSize(4)
            .map(octets -> String.join(".", octets.stream().map(octet -> String.format("%03d", octet)).toList()));
        return Arbitraries.oneOf(anyOf, quads, padded);
    }

    @Provide
    Arbitrary<String> ipv6Like()
    {
        final Arbitrary<String> anyOf = Arbitraries.strings().withChars("0123456789abcdefABCDEFg:.%[] ").ofMinLength(0).ofMaxLength(45);
        final Arbitrary<String> groups = Arbitraries.integers().between(0, 0xFFFF).list().ofMinSize(1).ofMaxSize(8)
            .map(words -> String.join(":", words.stream().map(Integer::toHexString).toList()));
        final Arbitrary<String> compressed = Arbitraries.integers().between(0, 0xFFFF).list().ofMinSize(0).ofMaxSize(7)
            .map(words -> "::" + String.join(":", words.stream().map(Integer::toHexString).toList()));
        final Arbitrary<String> embedded = Arbitraries.integers().between(0, 300).list().ofSize(4)
            .map(octets -> "::ffff:" + String.join(".", octets.stream().map(String::valueOf).toList()));
        return Arbitraries.oneOf(anyOf, groups, compressed, embedded);
    }

    private static byte[] jdkAddress(final String text)
    {
        try
        {
            return InetAddress.getByName(text).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }

    private static boolean octetsAtMost255(final String text)
    {
        for (final String octet : text.split("\\."))
        {
            if (Integer.parseInt(octet) > 255)
            {
                return false;
            }
        }
        return true;
    }
}
