package io.hotpath.bench;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.logic.DecisionStage;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.decision.DecidePaymentCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A shard's logic driven as its logic thread drives it, for the benchmarks that measure the logic alone: tenant 1 on the
 * example routing and fraud configs, commands encoded into one buffer and results into another, both reused.
 */
final class ExampleStage
{
    final UnsafeBuffer command = new UnsafeBuffer(new byte[1 << 20]);
    final ExpandableArrayBuffer result = new ExpandableArrayBuffer(8192);
    private final DecisionStage stage;

    ExampleStage(final ShardLogic logic)
    {
        stage = new DecisionStage(logic, (sequence, failure) -> failure.printStackTrace());
        apply(ConfigDomain.ROUTING, "/examples/routing-example.conf");
        apply(ConfigDomain.FRAUD, "/examples/fraud-example.conf");
    }

    /**
     * @return a payment of tenant 1 in euros, at a German grocer, for a German card; the caller sets what varies.
     */
    static DecidePaymentCommand payment()
    {
        final DecidePaymentCommand payment = new DecidePaymentCommand();
        payment.tenantId = 1;
        payment.currency = 978;
        payment.currencyDigits = 2;
        payment.bin = 457173;
        payment.binLength = 6;
        payment.issuerCountry = 'D' << 8 | 'E';
        payment.customerCountry = 'D' << 8 | 'E';
        payment.mcc = 5411;
        return payment;
    }

    /**
     * @return the length of the result the logic wrote into {@link #result}.
     */
    int decide(final DecidePaymentCommand payment)
    {
        return stage.decide(command, payment.encodeCommand(command), result);
    }

    int decide(final ControlCommand control)
    {
        return stage.decide(command, control.source(0, 0).encodeCommand(command), result);
    }

    /**
     * @return the length of the result of any other command, a quote or a market event.
     */
    int decide(final CommandSource source)
    {
        return stage.decide(command, source.encodeCommand(command), result);
    }

    /**
     * Gives tenant 1 the example pricing config too, for a benchmark that quotes.
     */
    void applyPricing()
    {
        apply(ConfigDomain.PRICING, "/examples/pricing-example.conf");
    }

    private void apply(final ConfigDomain domain, final String resource)
    {
        try (InputStream in = ExampleStage.class.getResourceAsStream(resource))
        {
            decide(new ControlCommand.ApplyConfig(1, domain, 1, in.readAllBytes(), resource));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
