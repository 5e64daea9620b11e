package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import io.hotpath.core.testing.AllocationMeter;
import io.hotpath.gateway.v1.DecidePaymentRequest;
import io.hotpath.gateway.v1.PaymentCard;
import io.hotpath.gateway.v1.PingRequest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestTenantsTest
{
    private final RequestTenants tenants = new RequestTenants();

    @Test
    void shouldReadTheTenantOfEveryGeneratedRequestAlike()
    {
        assertThat(tenants.tenantOf(DecidePaymentRequest.newBuilder().setTenantId(7_000_000_001L).build())).isEqualTo(7_000_000_001L);
        assertThat(tenants.tenantOf(PingRequest.newBuilder().setTenantId(42).build())).isEqualTo(42);
        assertThat(tenants.tenantOf(PingRequest.getDefaultInstance())).isZero();
    }

    @Test
    void shouldReadZeroForWhatNamesNoTenant()
    {
        assertThat(tenants.tenantOf(PaymentCard.newBuilder().setBin("411111").build())).as("a message without tenant_id").isZero();
        assertThat(tenants.tenantOf("not a message")).isZero();
        assertThat(tenants.tenantOf(null)).isZero();
    }

    @Test
    void shouldReadAMessageWithoutGeneratedGettersThroughItsDescriptor()
    {
        final DynamicMessage request = DynamicMessage.newBuilder(DecidePaymentRequest.getDescriptor())
            .setField(DecidePaymentRequest.getDescriptor().findFieldByName("tenant_id"), 9_000_000_000L).build();

        assertThat(tenants.tenantOf(request)).isEqualTo(9_000_000_000L);
    }

    @Test
    void shouldAllocateNothingReadingATenantOfAnySize()
    {
        final Object[] requests = {
            DecidePaymentRequest.newBuilder().setTenantId(1_000_000L).build(),
            PingRequest.newBuilder().setTenantId(5_000_000_000L).build(),
        };
        final long[] sink = new long[1];
        final long[] rounds = AllocationMeter.rounds(() ->
        {
            for (int i = 0; i < 200_000; i++)
            {
                sink[0] += tenants.tenantOf(requests[i & 1]);
            }
        });

        assertThat(rounds[rounds.length - 1]).as("bytes per round %s", Arrays.toString(rounds)).isZero();
        assertThat(sink[0]).isPositive();
    }
}
