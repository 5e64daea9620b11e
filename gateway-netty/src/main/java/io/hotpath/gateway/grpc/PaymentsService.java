package io.hotpath.gateway.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.FraudLabel;
import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.decision.FraudLabelCommand;
import io.hotpath.fraud.lists.FraudList;
import io.hotpath.fraud.lists.IpAddresses;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.FraudLabelReply;
import io.hotpath.gateway.v1.FraudLabelRequest;
import io.hotpath.gateway.v1.PaymentDecision;
import io.hotpath.gateway.v1.PaymentsGrpc;
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
    private static final ThreadLocal<CardPaymentFields> FIELDS = ThreadLocal.withInitial(CardPaymentFields::new);
    private static final int MAX_TEXT = 256;

    private final ShardPublisher publisher;
    private final EpochNanoClock clock;
    private final FrontMetrics metrics;

    public PaymentsService(final ShardDirectory directory, final EpochNanoClock clock)
    {
        this(directory, clock, FrontMetrics.NONE);
    }

    /**
     * @param metrics counts each decision by action and first processor.
     */
    public PaymentsService(final ShardDirectory directory, final EpochNanoClock clock, final FrontMetrics metrics)
    {
        this.publisher = new ShardPublisher(directory);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The service as the gRPC front serves it: as {@link #bindService()}, except that a unary DecidePayment is answered
     * by {@link #decidePaymentOnWire}. Clients see the same method, messages and schema (server reflection included).
     */
    public ServerServiceDefinition bindWithWireReplies()
    {
        return WireReply.answering(bindService(), PaymentsGrpc.getDecidePaymentMethod(),
            ServerCalls.asyncUnaryCall(this::decidePaymentOnWire));
    }

    /**
     * DecidePayment whose reply is a {@link PaymentDecision} message: what an Exchange stream carries.
     */
    @Override
    public void decidePayment(final DecidePaymentRequest request, final StreamObserver<PaymentDecision> observer)
    {
        decide(request, observer, PaymentDecisionProxy.MESSAGE);
    }

    /**
     * DecidePayment whose reply the egress thread writes straight into protobuf's wire format: a unary call's.
     */
    public void decidePaymentOnWire(final DecidePaymentRequest request, final StreamObserver<WireReply> observer)
    {
        decide(request, observer, PaymentDecisionProxy.WIRE);
    }

    private <T> void decide(final DecidePaymentRequest request, final StreamObserver<T> observer,
        final PaymentDecisionProxy.Encoding<T> encoding)
    {
        final DecidePaymentCommand command = DECIDE.get();
        final Status invalid = adapt(request, command);
        if (invalid != null)
        {
            observer.onError(invalid.asRuntimeException());
            return;
        }
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        final int shardId = publisher.shardIdOf(request.getTenantId());
        publisher.publish(request.getTenantId(), command, new PaymentDecisionProxy<>(shardId, observer, metrics, encoding), observer);
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
        if (request.getPaymentId() <= 0)
        {
            observer.onError(GrpcStatuses.paymentId(request.getPaymentId()).asRuntimeException());
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
        // Checked one after the other: no varargs array on the request path.
        Status text = text("email", request.getEmail());
        text = text != null ? text : text("device_id", request.getDeviceId());
        if (text != null)
        {
            observer.onError(text.asRuntimeException());
            return;
        }
        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.ingressTime = clock.nanoTime();
        command.idempotencyKey = FrontInterceptor.idempotencyKey();
        command.paymentId = request.getPaymentId();
        command.label = FraudLabel.get((short)label);
        command.cardFingerprint = fingerprint;
        command.emailKey = request.getEmail().isEmpty() ? TextKeys.NONE : FraudList.emailKey(request.getEmail());
        command.deviceKey = TextKeys.of(request.getDeviceId());
        publisher.publish(request.getTenantId(), command, new FraudLabelProxy(observer), observer);
    }

    /**
     * Checks a payment request field by field and, when every field is valid, encodes it into the
     * command as this front publishes it (except its ingress time and idempotency key, which the
     * front stamps): what a binary client does to send the same command.
     *
     * @return null when valid; otherwise INVALID_ARGUMENT naming the field.
     */
    public static Status adapt(final DecidePaymentRequest request, final DecidePaymentCommand command)
    {
        final Status pci = pci(request);
        if (pci != null)
        {
            return pci;
        }
        final CardPaymentFields fields = FIELDS.get();
        final Status invalid = fields.parse(request.getTenantId(), request.getPaymentId(), request.getAmount(), request.getCurrency(),
            request.getCard().getBin(), request.getCard().getNetworkValue(), request.getCard().getTypeValue(),
            request.getCard().getIssuerCountry(), request.getCustomerCountry(), request.getMcc(), request.getChannelValue(),
            request.getThreeDsValue(), request.getMetadataCount());
        if (invalid != null)
        {
            return invalid;
        }
        final String last4 = request.getCard().getLast4();
        if (!last4.isEmpty() && (last4.length() != 4 || !CardPaymentFields.DIGITS.matchesAllOf(last4)))
        {
            return GrpcStatuses.invalid("card.last4", "must be the last 4 digits");
        }
        final long fingerprint = fingerprint(request.getCard().getFingerprint());
        if (fingerprint == 0)
        {
            return GrpcStatuses.invalid("card.fingerprint", "required: the keyed fingerprint of the card number, 16 hexadecimal digits");
        }
        final long[] ip = fields.ip;
        ip[0] = 0;
        ip[1] = 0;
        if (!request.getIp().isEmpty() && !IpAddresses.parse(request.getIp(), ip))
        {
            return GrpcStatuses.invalid("ip", "must be an IPv4 or IPv6 literal");
        }

        command.tenantId = request.getTenantId();
        command.correlationId = request.getCorrelationId();
        command.paymentId = request.getPaymentId();
        command.amount = request.getAmount();
        command.currency = fields.currency;
        command.currencyDigits = Math.max(0, Currency.getInstance(request.getCurrency().toUpperCase(Locale.ROOT))
            .getDefaultFractionDigits());
        command.network = fields.network;
        command.cardType = fields.cardType;
        command.bin = fields.bin;
        command.binLength = fields.binLength;
        command.last4 = last4.isEmpty() ? 0 : Integer.parseInt(last4);
        command.cardFingerprint = fingerprint;
        command.issuerCountry = fields.issuerCountry;
        command.customerCountry = fields.customerCountry;
        command.mcc = request.getMcc();
        command.channel = fields.channel;
        command.threeDs = fields.threeDs;
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
        Status text = text("customer_id", request.getCustomerId());
        text = text != null ? text : text("email", request.getEmail());
        text = text != null ? text : text("device_id", request.getDeviceId());
        return text != null ? text : PanDetector.metadata(request.getMetadataMap());
    }

    /**
     * A free-text id: at most {@link #MAX_TEXT} characters, and nothing a PAN scanner would take for
     * a card number (the message names the field, never its value).
     */
    private static Status text(final String field, final String value)
    {
        if (value.length() > MAX_TEXT)
        {
            return GrpcStatuses.invalid(field, "at most " + MAX_TEXT + " characters, was " + value.length());
        }
        return PanDetector.containsPan(value) ? GrpcStatuses.invalid(field, "looks like a card number; card numbers are never accepted")
            : null;
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
}
