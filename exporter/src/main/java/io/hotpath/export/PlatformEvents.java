package io.hotpath.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.hotpath.events.v1.AttemptReported;
import io.hotpath.events.v1.ConfigChanged;
import io.hotpath.events.v1.FraudLabelled;
import io.hotpath.events.v1.MarketDataApplied;
import io.hotpath.events.v1.PaymentDecided;
import io.hotpath.events.v1.QuoteEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * For consumers of the event topics: turns a record into its protobuf event by the schema its
 * {@code hotpath.schema} header names.
 *
 * <pre>
 *   consumer properties: isolation.level=read_committed (events of an aborted transaction are never seen)
 *   for (ConsumerRecord&lt;byte[], byte[]&gt; record : consumer.poll(timeout))
 *   {
 *       if (PlatformEvents.parse(record) instanceof PaymentDecided decided) { ... decided.getAction() ... }
 *   }
 * </pre>
 */
public final class PlatformEvents
{
    private static final Map<String, Parser<? extends Message>> PARSERS = Map.of(
        PaymentDecided.getDescriptor().getFullName(), PaymentDecided.parser(),
        AttemptReported.getDescriptor().getFullName(), AttemptReported.parser(),
        FraudLabelled.getDescriptor().getFullName(), FraudLabelled.parser(),
        QuoteEvent.getDescriptor().getFullName(), QuoteEvent.parser(),
        MarketDataApplied.getDescriptor().getFullName(), MarketDataApplied.parser(),
        ConfigChanged.getDescriptor().getFullName(), ConfigChanged.parser());

    private PlatformEvents()
    {
    }

    /**
     * @return the event the record carries.
     * @throws IllegalArgumentException when the record has no schema header, names an unknown schema, or does not parse.
     */
    public static Message parse(final ConsumerRecord<byte[], byte[]> record)
    {
        final Header schema = record.headers().lastHeader(KafkaSink.SCHEMA_HEADER);
        if (schema == null)
        {
            throw new IllegalArgumentException(record.topic() + "@" + record.offset() + " has no " + KafkaSink.SCHEMA_HEADER + " header");
        }
        final String name = new String(schema.value(), StandardCharsets.UTF_8);
        final Parser<? extends Message> parser = PARSERS.get(name);
        if (parser == null)
        {
            throw new IllegalArgumentException(record.topic() + "@" + record.offset() + ": unknown schema " + name);
        }
        try
        {
            return parser.parseFrom(record.value());
        }
        catch (final InvalidProtocolBufferException ex)
        {
            throw new IllegalArgumentException(record.topic() + "@" + record.offset() + " is not a " + name, ex);
        }
    }
}
