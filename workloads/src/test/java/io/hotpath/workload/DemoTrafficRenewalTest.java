package io.hotpath.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.decision.DecidePaymentCommand;
import io.hotpath.gateway.grpc.PaymentsService;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoTrafficRenewalTest
{
    private static final String CUSTOMER = "customer-";
    private static final long FINGERPRINTS = 0x5EED_0000_0000L;

    private final DemoTraffic traffic = new DemoTraffic(42, 4);

    @Test
    void shouldGiveTheSamePaymentToAnotherCustomerInEachGeneration()
    {
        final DecidePaymentRequest payment = customerPayment();
        final Set<String> customers = new HashSet<>();
        final Set<String> cards = new HashSet<>();
        final Set<String> ips = new HashSet<>();
        for (long generation = 0; generation < 40; generation++)
        {
            final DecidePaymentRequest renewed = DemoTraffic.renewed(payment, generation);
            assertThat(withoutPayer(renewed)).as("only who pays changes").isEqualTo(withoutPayer(payment));
            assertThat(PaymentsService.adapt(renewed, new DecidePaymentCommand())).as("generation %d", generation).isNull();
            final String customer = renewed.getCustomerId().substring(CUSTOMER.length());
            assertThat(renewed.getEmail()).isEqualTo("customer" + customer + "@example.com");
            assertThat(renewed.getDeviceId()).isEqualTo("device-" + customer);
            customers.add(customer);
            cards.add(renewed.getCard().getFingerprint());
            ips.add(renewed.getIp());
        }
        assertThat(customers).hasSize(40);
        assertThat(cards).hasSize(40);
        assertThat(ips).as("IPv4 for the first generations, unique-local IPv6 beyond").hasSize(40).anyMatch(ip -> ip.startsWith("fd00::"));
    }

    @Test
    void shouldLeaveGenerationZeroAndTheCardTesterAsTheyAre()
    {
        final DecidePaymentRequest payment = customerPayment();
        assertThat(DemoTraffic.renewed(payment, 0)).isSameAs(payment);
        boolean tester = false;
        for (long id = 1; id < 1000 && !tester; id++)
        {
            final DecidePaymentRequest candidate = traffic.payment(id);
            if ("guest".equals(candidate.getCustomerId()))
            {
                assertThat(DemoTraffic.renewed(candidate, 7)).isSameAs(candidate);
                tester = true;
            }
        }
        assertThat(tester).as("a card tester among 1,000 payments").isTrue();
    }

    @Test
    void shouldKeepWhichOfTheirThreeCardsTheCustomerPaysWith()
    {
        for (long id = 1; id < 200; id++)
        {
            final DecidePaymentRequest payment = traffic.payment(id);
            if ("guest".equals(payment.getCustomerId()))
            {
                continue;
            }
            final long customer = Long.parseLong(payment.getCustomerId().substring(CUSTOMER.length()));
            final long card = Long.parseUnsignedLong(payment.getCard().getFingerprint(), 16) - FINGERPRINTS;
            final DecidePaymentRequest renewed = DemoTraffic.renewed(payment, 3);
            final long renewedCustomer = Long.parseLong(renewed.getCustomerId().substring(CUSTOMER.length()));
            assertThat(renewedCustomer).isEqualTo(customer + 3_000_000);
            assertThat(Long.parseUnsignedLong(renewed.getCard().getFingerprint(), 16) - FINGERPRINTS)
                .isEqualTo(renewedCustomer * 3 + card - customer * 3);
        }
    }

    private static DecidePaymentRequest withoutPayer(final DecidePaymentRequest payment)
    {
        return payment.toBuilder().clearCustomerId().clearEmail().clearIp().clearDeviceId()
            .setCard(payment.getCard().toBuilder().clearFingerprint().clearLast4()).build();
    }

    private DecidePaymentRequest customerPayment()
    {
        DecidePaymentRequest payment = traffic.payment(1);
        for (long id = 2; "guest".equals(payment.getCustomerId()); id++)
        {
            payment = traffic.payment(id);
        }
        return payment;
    }
}
