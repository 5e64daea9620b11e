package io.hotpath.workload;

import io.hotpath.gateway.v1.Card;
import io.hotpath.gateway.v1.CardNetwork;
import io.hotpath.gateway.v1.CardType;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.PaymentCard;
import io.hotpath.gateway.v1.PaymentChannel;
import io.hotpath.gateway.v1.PaymentOutcome;
import io.hotpath.gateway.v1.RouteRequest;
import io.hotpath.gateway.v1.ThreeDsStatus;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic card payments and processor answers for the demo, shaped like a European marketplace:
 * mostly Visa and Mastercard in euros, some Amex, dollars, pounds and yen, a tail of large
 * amounts, recurring and MOTO payments, returning customers with their own cards, emails, devices
 * and addresses, a card tester among them, and processors that approve most but not all.
 *
 * <p>Client side only: the engine's own randomness comes from commands, never from here.
 */
public final class DemoTraffic
{
    private static final String[] VISA_BINS = {"457173", "424242", "41111111", "476173", "402400"};
    private static final String[] MASTERCARD_BINS = {"555555", "510510", "52000000", "545454"};
    private static final String[] COUNTRIES = {"DE", "DE", "DE", "FR", "FR", "NL", "ES", "IT", "GB", "US"};
    private static final Map<String, Double> APPROVAL = Map.of(
        "adyen", 0.93, "stripe", 0.91, "checkout", 0.95, "worldpay", 0.86, "braintree", 0.89);

    private static final int CUSTOMERS = 1_000_000;
    private static final long FINGERPRINTS = 0x5EED_0000_0000L;
    private static final String CUSTOMER = "customer-";
    private static final HexFormat HEX = HexFormat.of();
    private static final String TESTER = "guest";

    private final SplittableRandom random;
    private final int tenants;

    public DemoTraffic(final long seed, final int tenants)
    {
        this.random = new SplittableRandom(seed);
        this.tenants = tenants;
    }

    /**
     * @return a payment decision request: {@link #routeRequest}'s payment with the fraud fields of
     *         its customer, or, for one payment in thirty, of a card tester cycling fresh cards from
     *         a handful of addresses.
     */
    public synchronized DecidePaymentRequest payment(final long paymentId)
    {
        final RouteRequest route = routeRequest(paymentId);
        final boolean tester = random.nextDouble() < 1.0 / 30;
        final long customer = random.nextInt(CUSTOMERS);
        final long card = tester ? CUSTOMERS + paymentId : customer * 3 + random.nextInt(3);
        final DecidePaymentRequest.Builder request = DecidePaymentRequest.newBuilder()
            .setTenantId(route.getTenantId())
            .setPaymentId(paymentId)
            .setCorrelationId(paymentId)
            .setAmount(route.getAmount())
            .setCurrency(route.getCurrency())
            .setCard(PaymentCard.newBuilder()
                .setBin(route.getCard().getBin())
                .setNetwork(route.getCard().getNetwork())
                .setType(route.getCard().getType())
                .setIssuerCountry(route.getCard().getIssuerCountry()))
            .setCustomerCountry(tester ? "US" : route.getCustomerCountry())
            .setMcc(route.getMcc())
            .setChannel(route.getChannel())
            .setThreeDs(tester ? ThreeDsStatus.THREE_DS_STATUS_NOT_ATTEMPTED : route.getThreeDs())
            .putAllMetadata(route.getMetadataMap());
        if (tester)
        {
            request.setCustomerId(TESTER)
                .setEmail("t" + paymentId + "@mailinator.test")
                .setIp("203.0.113." + random.nextInt(4))
                .setDeviceId("emulator-" + random.nextInt(3));
            request.getCardBuilder().setLast4(last4(card)).setFingerprint(fingerprint(card));
        }
        else
        {
            identify(request, customer, card);
        }
        return request.build();
    }

    /**
     * The same payment paid by a customer of another generation: for generation {@code g}, customer
     * {@code c} becomes customer {@code c + g x 1,000,000}, with the card, email, device, address and
     * customer id that customer has. A load that sends a fixed set of payments again and again
     * would otherwise send the same few thousand customers thousands of times an hour, and the
     * fraud rules would rightly see every card as a velocity attack. The card tester's payments and
     * generation 0 come back as they are.
     */
    public static DecidePaymentRequest renewed(final DecidePaymentRequest payment, final long generation)
    {
        if (generation == 0 || TESTER.equals(payment.getCustomerId()))
        {
            return payment;
        }
        final long customer = Long.parseLong(payment.getCustomerId().substring(CUSTOMER.length()));
        final long cardOfCustomer = Long.parseUnsignedLong(payment.getCard().getFingerprint(), 16) - FINGERPRINTS - customer * 3;
        final long renewed = customer + generation * CUSTOMERS;
        final DecidePaymentRequest.Builder request = payment.toBuilder();
        identify(request, renewed, renewed * 3 + cardOfCustomer);
        return request.build();
    }

    /**
     * A returning customer's own card, email, device and address: IPv4 in 10/8 while customer
     * numbers fit its 24 bits, a unique-local IPv6 address beyond, so that no two customers share one.
     */
    private static void identify(final DecidePaymentRequest.Builder request, final long customer, final long card)
    {
        request.setCustomerId(CUSTOMER + customer)
            .setEmail("customer" + customer + "@example.com")
            .setIp(customer < 1 << 24 ? "10." + (customer >>> 16 & 0xFF) + "." + (customer >>> 8 & 0xFF) + "." + (customer & 0xFF)
                : uniqueLocal(customer))
            .setDeviceId("device-" + customer);
        request.getCardBuilder().setLast4(last4(card)).setFingerprint(fingerprint(card));
    }

    // The load generator builds these for every payment it renews, on the cores the engine runs on: String.format
    // (a Formatter and its locale's symbols a call) took a sixth of a loaded run's CPU. Same strings, built directly.

    static String fingerprint(final long card)
    {
        return HEX.toHexDigits(FINGERPRINTS + card);
    }

    static String last4(final long card)
    {
        final long digits = card % 10_000;
        if (digits < 0)
        {
            return String.format("%04d", digits);
        }
        final String number = Long.toString(digits);
        return "0000".substring(number.length()) + number;
    }

    static String uniqueLocal(final long customer)
    {
        return "fd00::" + Long.toHexString(customer >>> 32 & 0xFFFF) + ":" + Long.toHexString(customer >>> 16 & 0xFFFF) + ":"
            + Long.toHexString(customer & 0xFFFF);
    }

    public synchronized RouteRequest routeRequest(final long paymentId)
    {
        final double network = random.nextDouble();
        final Card.Builder card = Card.newBuilder()
            .setType(random.nextDouble() < 0.7 ? CardType.CARD_TYPE_CREDIT : CardType.CARD_TYPE_DEBIT);
        if (network < 0.6)
        {
            card.setNetwork(CardNetwork.CARD_NETWORK_VISA).setBin(VISA_BINS[random.nextInt(VISA_BINS.length)]);
        }
        else if (network < 0.9)
        {
            card.setNetwork(CardNetwork.CARD_NETWORK_MASTERCARD).setBin(MASTERCARD_BINS[random.nextInt(MASTERCARD_BINS.length)]);
        }
        else if (network < 0.97)
        {
            card.setNetwork(CardNetwork.CARD_NETWORK_AMEX).setBin("371449");
        }
        else
        {
            card.setNetwork(CardNetwork.CARD_NETWORK_DISCOVER).setBin("601100");
        }
        final String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        card.setIssuerCountry(country);
        final double currency = random.nextDouble();
        final RouteRequest.Builder request = RouteRequest.newBuilder()
            .setTenantId(1 + paymentId % tenants)
            .setPaymentId(paymentId)
            .setCorrelationId(paymentId)
            .setCurrency(currency < 0.55 ? "EUR" : currency < 0.85 ? "USD" : currency < 0.95 ? "GBP" : "JPY")
            .setAmount(amount())
            .setCard(card)
            .setCustomerCountry(country)
            .setMcc(random.nextDouble() < 0.5 ? 5411 : 5732)
            .setChannel(random.nextDouble() < 0.1 ? PaymentChannel.PAYMENT_CHANNEL_RECURRING
                : random.nextDouble() < 0.05 ? PaymentChannel.PAYMENT_CHANNEL_MOTO : PaymentChannel.PAYMENT_CHANNEL_ECOMMERCE)
            .setThreeDs(random.nextDouble() < 0.6
                ? ThreeDsStatus.THREE_DS_STATUS_AUTHENTICATED : ThreeDsStatus.THREE_DS_STATUS_NOT_ATTEMPTED);
        if (random.nextDouble() < 0.05)
        {
            request.putMetadata("tier", "gold");
        }
        return request.build();
    }

    /**
     * @return how {@code processor} answers an attempt.
     */
    public synchronized PaymentOutcome answer(final String processor)
    {
        final double draw = random.nextDouble();
        final double approval = APPROVAL.getOrDefault(processor, 0.9);
        if (draw < approval)
        {
            return PaymentOutcome.PAYMENT_OUTCOME_APPROVED;
        }
        final double failure = random.nextDouble();
        return failure < 0.55 ? PaymentOutcome.PAYMENT_OUTCOME_SOFT_DECLINE
            : failure < 0.85 ? PaymentOutcome.PAYMENT_OUTCOME_HARD_DECLINE
            : failure < 0.95 ? PaymentOutcome.PAYMENT_OUTCOME_ERROR
            : PaymentOutcome.PAYMENT_OUTCOME_TIMEOUT;
    }

    public synchronized long latencyMicros()
    {
        return 80_000 + random.nextInt(400_000);
    }

    /**
     * Most payments are small; one in twenty is large. Minor units.
     */
    private long amount()
    {
        return random.nextDouble() < 0.95 ? 500 + random.nextInt(20_000) : 50_000 + random.nextInt(500_000);
    }
}
