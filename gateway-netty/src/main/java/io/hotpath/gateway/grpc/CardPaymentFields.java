package io.hotpath.gateway.grpc;

import com.google.common.base.CharMatcher;
import io.grpc.Status;
import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.routing.rule.RouteView;

/**
 * The card payment fields that {@code Route} and {@code DecidePayment} share, validated once, the
 * offending field named, and parsed into the engine's codes. Reused per event-loop thread.
 */
final class CardPaymentFields
{
    /** Largest amount, in minor units, the engine decides on: its fee and value arithmetic stays exact. */
    static final long MAX_AMOUNT = 1_000_000_000_000L;
    /** ASCII digits, matched without a stream per call. */
    static final CharMatcher DIGITS = CharMatcher.inRange('0', '9');

    int currency;
    CardNetwork network;
    CardType cardType;
    int bin;
    int binLength;
    int issuerCountry;
    int customerCountry;
    Channel channel;
    ThreeDsStatus threeDs;
    /** The payer's IP address as {@code IpAddresses} parses it: high and low 64 bits. */
    final long[] ip = new long[2];

    /**
     * @return the first invalid field as an {@code INVALID_ARGUMENT} status, or null when all are valid.
     */
    Status parse(
        final long tenantId,
        final long paymentId,
        final long amount,
        final String currencyCode,
        final String binDigits,
        final int networkValue,
        final int typeValue,
        final String issuerCountryCode,
        final String customerCountryCode,
        final int mcc,
        final int channelValue,
        final int threeDsValue,
        final int metadataCount)
    {
        if (tenantId <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + tenantId);
        }
        if (paymentId <= 0)
        {
            return GrpcStatuses.paymentId(paymentId);
        }
        if (amount <= 0 || amount > MAX_AMOUNT)
        {
            return GrpcStatuses.invalid("amount", "must be in [1, " + MAX_AMOUNT + "] minor units, was " + amount);
        }
        currency = CurrencyCodes.parse(currencyCode);
        if (currency < 0)
        {
            return GrpcStatuses.invalid("currency", "unknown ISO 4217 code " + GrpcStatuses.quoted(currencyCode));
        }
        if (binDigits.length() < 6 || binDigits.length() > 8 || !DIGITS.matchesAllOf(binDigits))
        {
            return GrpcStatuses.invalid("card.bin", "must be the first 6 to 8 digits of the card number, never the whole number");
        }
        if (networkValue < 1 || networkValue > CardNetwork.values().length - 1)
        {
            return GrpcStatuses.invalid("card.network", "required, was " + networkValue);
        }
        if (typeValue < 1 || typeValue > CardType.values().length - 1)
        {
            return GrpcStatuses.invalid("card.type", "required, was " + typeValue);
        }
        issuerCountry = country(issuerCountryCode);
        if (issuerCountry < 0)
        {
            return GrpcStatuses.invalid("card.issuer_country", "unknown ISO 3166 alpha-2 code " + GrpcStatuses.quoted(issuerCountryCode));
        }
        customerCountry = country(customerCountryCode);
        if (customerCountry < 0)
        {
            return GrpcStatuses.invalid("customer_country", "unknown ISO 3166 alpha-2 code " + GrpcStatuses.quoted(customerCountryCode));
        }
        if (mcc < 0 || mcc > 9999)
        {
            return GrpcStatuses.invalid("mcc", "must be in [0, 9999], was " + mcc);
        }
        final int channelCode = Math.max(0, channelValue - 1);
        if (channelCode >= Channel.values().length - 1)
        {
            return GrpcStatuses.invalid("channel", "unknown value " + channelValue);
        }
        final int threeDsCode = Math.max(0, threeDsValue - 1);
        if (threeDsCode >= ThreeDsStatus.values().length - 1)
        {
            return GrpcStatuses.invalid("three_ds", "unknown value " + threeDsValue);
        }
        if (metadataCount > RouteView.MAX_METADATA)
        {
            return GrpcStatuses.invalid("metadata", "at most " + RouteView.MAX_METADATA + " entries, was " + metadataCount);
        }
        network = CardNetwork.get((short)(networkValue - 1));
        cardType = CardType.get((short)(typeValue - 1));
        bin = Integer.parseInt(binDigits);
        binLength = binDigits.length();
        channel = Channel.get((short)channelCode);
        threeDs = ThreeDsStatus.get((short)threeDsCode);
        return null;
    }

    /**
     * @return the code of an ISO 3166 alpha-2 country, {@code CountryCodes.NONE} when empty, -1 when unknown.
     */
    private static int country(final String alpha2)
    {
        return alpha2.isEmpty() ? CountryCodes.NONE : CountryCodes.parse(alpha2);
    }
}
