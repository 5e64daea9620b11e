package io.hotpath.fraud.lists;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.TextKeys;
import java.util.Locale;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.LongHashSet;

/**
 * One tenant's block list, or allow list: card fingerprints, BINs and BIN ranges, email hashes,
 * IPs and CIDR blocks, devices and countries.
 *
 * <p>Emails and devices are held by the same 64-bit keys the fronts compute
 * ({@link TextKeys#of} of the lower-cased email, of the device id); card fingerprints are the keyed
 * fingerprints the fronts send. Built and changed on the logic thread, through the control path;
 * lookups allocate nothing. Not thread-safe.
 */
public final class FraudList
{
    private final LongHashSet cards = new LongHashSet();
    private final LongHashSet emails = new LongHashSet();
    private final LongHashSet devices = new LongHashSet();
    private final IntHashSet countries = new IntHashSet();
    private final IpSet ips = new IpSet();
    private final BinRanges bins = new BinRanges();

    public void addCard(final long fingerprint)
    {
        cards.add(fingerprint);
    }

    public void addEmail(final String email)
    {
        emails.add(emailKey(email));
    }

    public void addDevice(final String device)
    {
        devices.add(TextKeys.of(device));
    }

    /**
     * Adds an email by the key the fronts computed; {@link TextKeys#NONE} is ignored.
     */
    public void addEmailKey(final long emailKey)
    {
        if (emailKey != TextKeys.NONE)
        {
            emails.add(emailKey);
        }
    }

    /**
     * Adds a device by the key the fronts computed; {@link TextKeys#NONE} is ignored.
     */
    public void addDeviceKey(final long deviceKey)
    {
        if (deviceKey != TextKeys.NONE)
        {
            devices.add(deviceKey);
        }
    }

    /**
     * @return false if {@code alpha2} is not an ISO 3166 country.
     */
    public boolean addCountry(final String alpha2)
    {
        final int code = CountryCodes.parse(alpha2);
        if (code < 0)
        {
            return false;
        }
        countries.add(code);
        return true;
    }

    /**
     * @return false if {@code text} is not an address or CIDR block.
     */
    public boolean addIp(final String text)
    {
        return ips.add(text);
    }

    /**
     * @return false if {@code text} is not a BIN or BIN range of 6 to 8 digits.
     */
    public boolean addBin(final String text)
    {
        return bins.add(text);
    }

    public boolean hasCard(final long fingerprint)
    {
        return cards.contains(fingerprint);
    }

    public boolean hasEmail(final long emailKey)
    {
        return emailKey != TextKeys.NONE && emails.contains(emailKey);
    }

    public boolean hasDevice(final long deviceKey)
    {
        return deviceKey != TextKeys.NONE && devices.contains(deviceKey);
    }

    public boolean hasCountry(final int country)
    {
        return countries.contains(country);
    }

    public boolean hasIp(final long high, final long low)
    {
        return ips.contains(high, low);
    }

    public boolean hasBin(final long bin, final int length)
    {
        return bins.contains(bin, length);
    }

    /**
     * @return the key an email is listed and looked up by.
     */
    public static long emailKey(final String email)
    {
        return TextKeys.of(email.trim().toLowerCase(Locale.ROOT));
    }
}
