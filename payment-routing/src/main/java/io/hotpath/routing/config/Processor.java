package io.hotpath.routing.config;

import java.util.Arrays;

/**
 * One payment processor of a tenant, as its config declares it. Immutable.
 *
 * @param id               the processor's id in config and on the wire.
 * @param idAscii          the id as ASCII bytes, for results.
 * @param key              the 64-bit key of {@code id}, as commands carry it.
 * @param networks         bit set of supported {@code CardNetwork} values.
 * @param currencies       supported ISO 4217 numeric codes, sorted.
 * @param countries        supported customer countries, sorted; empty means all.
 * @param cardTypes        bit set of supported {@code CardType} values.
 * @param fee              the processor's fee model.
 * @param volumeTarget     contract share of volume, a weight for volume splits that give none; 0 if none.
 * @param retriableCodes   keys of the response codes after which a decline may be retried elsewhere, sorted.
 */
public record Processor(
    String id,
    byte[] idAscii,
    long key,
    int networks,
    int[] currencies,
    int[] countries,
    int cardTypes,
    FeeModel fee,
    int volumeTarget,
    long[] retriableCodes)
{
    public boolean supportsNetwork(final int network)
    {
        return (networks & (1 << network)) != 0;
    }

    public boolean supportsCardType(final int cardType)
    {
        return (cardTypes & (1 << cardType)) != 0;
    }

    public boolean supportsCurrency(final int currency)
    {
        return Arrays.binarySearch(currencies, currency) >= 0;
    }

    public boolean supportsCountry(final int country)
    {
        return countries.length == 0 || Arrays.binarySearch(countries, country) >= 0;
    }

    public boolean retriable(final long responseCodeKey)
    {
        return Arrays.binarySearch(retriableCodes, responseCodeKey) >= 0;
    }
}
