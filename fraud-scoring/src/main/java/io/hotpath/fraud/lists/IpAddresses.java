package io.hotpath.fraud.lists;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses as two longs, IPv6 order, with IPv4 mapped into {@code ::ffff:0:0/96}, so one
 * structure serves both families. Parsing accepts literals only: a host name never reaches the
 * resolver.
 */
public final class IpAddresses
{
    /** The prefix length of a plain IPv4 address inside the IPv6 space. */
    public static final int IPV4_MAPPED_PREFIX = 96;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpAddresses()
    {
    }

    /**
     * @param into receives the high and low 64 bits.
     * @return false if {@code text} is not an IPv4 or IPv6 literal.
     */
    public static boolean parse(final String text, final long[] into)
    {
        if (text == null || text.length() > 45 || !(isIpv4(text) || IPV6.matcher(text).matches()))
        {
            return false;
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(text);
        }
        catch (final UnknownHostException ex)
        {
            return false;
        }
        final byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address)
        {
            into[0] = 0;
            into[1] = 0xFFFF_0000_0000L | (bytes[0] & 0xFFL) << 24 | (bytes[1] & 0xFFL) << 16 | (bytes[2] & 0xFFL) << 8 | bytes[3] & 0xFFL;
            return true;
        }
        into[0] = toLong(bytes, 0);
        into[1] = toLong(bytes, 8);
        return true;
    }

    /**
     * @return true if {@code text} is an IPv4 literal (so a CIDR prefix on it counts from bit 96).
     */
    public static boolean isIpv4(final String text)
    {
        if (text == null || !IPV4.matcher(text).matches())
        {
            return false;
        }
        // Checked here so that an out-of-range octet can never make the JDK try to resolve a name.
        for (final String octet : text.split("\\."))
        {
            if (Integer.parseInt(octet) > 255)
            {
                return false;
            }
        }
        return true;
    }

    private static long toLong(final byte[] bytes, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = value << 8 | bytes[offset + i] & 0xFFL;
        }
        return value;
    }
}
