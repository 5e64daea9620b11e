package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.CurrencyCodes;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.CardNetwork;
import io.hotpath.core.sbe.CardType;
import io.hotpath.core.sbe.Channel;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.core.sbe.ThreeDsStatus;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.lists.IpAddresses;
import io.hotpath.gateway.decision.DecidePaymentCommand;
import io.hotpath.gateway.decision.FraudLabelCommand;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.FraudLabelReply;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.routing.rule.RouteView;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The payment decision RPCs. Runs on the Netty event loops: refuses anything that carries card
 * data PCI DSS forbids, validates every field, naming the one that is wrong, turns identities into
 * 64-bit keys, and publishes into the tenant's shard without blocking.
 */
public final class PaymentsService extends PaymentsGrpc.PaymentsImplBase
{
    private static final ThreadLocal<DecidePaymentCommand> DECIDE = ThreadLocal.withInitial(DecidePaymentCommand::new);
    private static final ThreadLocal<FraudLabelCommand> LABEL = ThreadLocal.withInitial(FraudLabelCommand::new);
    private static final int MAX_TEXT = 256;

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;

    public PaymentsService(final ShardDirectory directory, final EpochNanoClock clock)
    {
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
    }

    @Override
    public void decidePayment(final DecidePaymentRequest request, final StreamObserver<PaymentDecision> observer)
    {
        final DecidePaymentCommand command = DECIDE.get();
        final Status invalid = fill(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        publisher.publish(request.getTenantId(), command,
            new PaymentDecisionProxy(publisher.shardIdOf(request.getTenantId()), observer), observer);
    }

    @Override
    public void reportFraudLabel(final FraudLabelRequest request, final StreamObserver<FraudLabelReply> observer)
    {
        final FraudLabelCommand command = LABEL.get();
        if (request.getTenantId() <= 0)
        {
            observer.onError(GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId()).asRuntimeException());
            return;
        }
        final int label = request.getLabelValue() - 1;
        if (label < 0 || label >= FraudLabel.values().length - 1)
        {
            observer.onError(GrpcStatuses.invalid("label", "required, was " + request.getLabel()).asRuntimeException());
            return;
        }
        final long fingerprint = fingerprint(request.getCardFingerprint());
        if (fingerprint == 0 && !request.getCardFingerprint().isEmpty())
        {
            observer.onError(GrpcStatuses.invalid("card_fingerprint", "must be 16 hexadecimal digits").asRuntimeException());
            return;
        }
        if (PanDetector.containsPan(request.getEmail()) || PanDetector.containsPan(request.getDeviceId()))
        {
            observer.onError(GrpcStatuses.invalid("email", "looks like a card number; card numbers are never accepted")
                .asRuntimeException());
            return;
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.ingressTime = clock.nanoTime();
        command.paymentId = request.getPaymentId();
        command.label = FraudLabel.get((short)label);
        command.cardFingerprint = fingerprint;
        command.emailKey = request.getEmail().isEmpty() ? TextKeys.NONE : FraudList.emailKey(request.getEmail());
        command.deviceKey = TextKeys.of(request.getDeviceId());
        publisher.publish(request.getTenantId(), command, new FraudLabelProxy(observer), observer);
    }

    private static Status fill(final DecidePaymentRequest request, final DecidePaymentCommand command)
    {
        final Status pci = pci(request);
        if (pci != null)
        {
            return pci;
        }
        if (request.getTenantId() <= 0)
        {
            return GrpcStatuses.invalid("tenant_id", "must be > 0, was " + request.getTenantId());
        }
        if (request.getAmount() <= 0)
        {
            return GrpcStatuses.invalid("amount", "must be > 0 minor units, was " + request.getAmount());
        }
        final int currency = CurrencyCodes.parse(request.getCurrency());
        if (currency < 0)
        {
            return GrpcStatuses.invalid("currency", "unknown ISO 4217 code \"" + request.getCurrency() + "\"");
        }
        final String bin = request.getCard().getBin();
        if (bin.length() < 6 || bin.length() > 8 || !digits(bin))
        {
            return GrpcStatuses.invalid("card.bin", "must be the first 6 to 8 digits of the card number, never the whole number");
        }
        final String last4 = request.getCard().getLast4();
        if (!last4.isEmpty() && (last4.length() != 4 || !digits(last4)))
        {
            return GrpcStatuses.invalid("card.last4", "must be the last 4 digits");
        }
        final long fingerprint = fingerprint(request.getCard().getFingerprint());
        if (fingerprint == 0)
        {
            return GrpcStatuses.invalid("card.fingerprint", "required: the keyed fingerprint of the card number, 16 hexadecimal digits");
        }
        final int network = request.getCard().getNetworkValue() - 1;
        if (network < 0 || network >= CardNetwork.values().length - 1)
        {
            return GrpcStatuses.invalid("card.network", "required, was " + request.getCard().getNetwork());
        }
        final int cardType = request.getCard().getTypeValue() - 1;
        if (cardType < 0 || cardType >= CardType.values().length - 1)
        {
            return GrpcStatuses.invalid("card.type", "required, was " + request.getCard().getType());
        }
        final int issuerCountry = country(request.getCard().getIssuerCountry());
        if (issuerCountry < 0)
        {
            return GrpcStatuses.invalid("card.issuer_country", "unknown ISO 3166 alpha-2 code");
        }
        final int customerCountry = country(request.getCustomerCountry());
        if (customerCountry < 0)
        {
            return GrpcStatuses.invalid("customer_country", "unknown ISO 3166 alpha-2 code");
        }
        if (request.getMcc() < 0 || request.getMcc() > 9999)
        {
            return GrpcStatuses.invalid("mcc", "must be in [0, 9999], was " + request.getMcc());
        }
        final int channel = Math.max(0, request.getChannelValue() - 1);
        final int threeDs = Math.max(0, request.getThreeDsValue() - 1);
        if (channel >= Channel.values().length - 1 || threeDs >= ThreeDsStatus.values().length - 1)
        {
            return GrpcStatuses.invalid(channel >= Channel.values().length - 1 ? "channel" : "three_ds", "unknown value");
        }
        if (request.getMetadataCount() > RouteView.MAX_METADATA)
        {
            return GrpcStatuses.invalid("metadata", "at most " + RouteView.MAX_METADATA + " entries");
        }
        final long[] ip = new long[2];
        if (!request.getIp().isEmpty() && !IpAddresses.parse(request.getIp(), ip))
        {
            return GrpcStatuses.invalid("ip", "must be an IPv4 or IPv6 literal");
        }
        if (request.getEmail().length() > MAX_TEXT || request.getCustomerId().length() > MAX_TEXT
            || request.getDeviceId().length() > MAX_TEXT)
        {
            return GrpcStatuses.invalid("email", "email, customer_id and device_id are at most " + MAX_TEXT + " characters");
        }

        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.paymentId = request.getPaymentId();
        command.amount = request.getAmount();
        command.currency = currency;
        command.currencyDigits = Math.max(0, Currency.getInstance(request.getCurrency().toUpperCase(Locale.ROOT))
            .getDefaultFractionDigits());
        command.network = CardNetwork.get((short)network);
        command.cardType = CardType.get((short)cardType);
        command.bin = Integer.parseInt(bin);
        command.binLength = bin.length();
        command.last4 = last4.isEmpty() ? 0 : Integer.parseInt(last4);
        command.cardFingerprint = fingerprint;
        command.issuerCountry = issuerCountry;
        command.customerCountry = customerCountry;
        command.mcc = request.getMcc();
        command.channel = Channel.get((short)channel);
        command.threeDs = ThreeDsStatus.get((short)threeDs);
        command.customerKey = TextKeys.of(request.getCustomerId());
        command.emailKey = request.getEmail().isEmpty() ? TextKeys.NONE : FraudList.emailKey(request.getEmail());
        command.deviceKey = TextKeys.of(request.getDeviceId());
        command.ipHigh = ip[0];
        command.ipLow = ip[1];
        command.clearMetadata();
        for (final Map.Entry<String, String> entry : request.getMetadataMap().entrySet())
        {
            command.addMetadata(TextKeys.of(entry.getKey()), TextKeys.of(entry.getValue()));
        }
        return null;
    }

    /**
     * Refuses card data PCI DSS keeps out: a card number or CVV field, or a card number hidden in
     * any text field. Checked before anything else, so nothing of such a request is journaled.
     */
    private static Status pci(final DecidePaymentRequest request)
    {
        if (!request.getCardNumber().isEmpty())
        {
            return GrpcStatuses.invalid("card_number", "card numbers are never accepted; send the BIN, the last four and the fingerprint");
        }
        if (!request.getCvv().isEmpty())
        {
            return GrpcStatuses.invalid("cvv", "card verification values are never accepted");
        }
        if (PanDetector.containsPan(request.getCustomerId()) || PanDetector.containsPan(request.getEmail())
            || PanDetector.containsPan(request.getDeviceId()))
        {
            return GrpcStatuses.invalid("customer_id", "an id looks like a card number; card numbers are never accepted");
        }
        for (final Map.Entry<String, String> entry : request.getMetadataMap().entrySet())
        {
            if (PanDetector.containsPan(entry.getKey()) || PanDetector.containsPan(entry.getValue()))
            {
                return GrpcStatuses.invalid("metadata",
                    "entry \"" + entry.getKey() + "\" looks like a card number; card numbers are never accepted");
            }
        }
        return null;
    }

    private static long fingerprint(final String hex)
    {
        if (hex.length() != 16)
        {
            return 0;
        }
        try
        {
            return Long.parseUnsignedLong(hex, 16);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static boolean digits(final String text)
    {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static int country(final String alpha2)
    {
        return alpha2.isEmpty() ? CountryCodes.NONE : CountryCodes.parse(alpha2);
    }
}
