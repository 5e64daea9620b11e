package io.hotpath.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.fraud.velocity.VelocityStore;
import org.junit.jupiter.api.Test;

class FraudLimitsTest
{
    @Test
    void shouldRefuseLimitsOutsideTheirRangeNamingTheSetting()
    {
        assertThatThrownBy(() -> new FraudLimits(0, 1)).hasMessageContaining("hotpath.fraud.limits.velocity-keys");
        assertThatThrownBy(() -> new FraudLimits(FraudLimits.MAX_VELOCITY_KEYS + 1, 1))
            .hasMessageContaining("hotpath.fraud.limits.velocity-keys");
        assertThatThrownBy(() -> new FraudLimits(1, 0)).hasMessageContaining("hotpath.fraud.limits.labels");
        assertThatThrownBy(() -> new FraudLimits(1, FraudLimits.MAX_LABELS + 1)).hasMessageContaining("hotpath.fraud.limits.labels");
    }

    @Test
    void shouldSizeTheStoreItNames()
    {
        final FraudLimits largest = new FraudLimits(FraudLimits.MAX_VELOCITY_KEYS, FraudLimits.MAX_LABELS);
        assertThat(largest.velocityBytes()).isEqualTo((long)FraudLimits.MAX_VELOCITY_KEYS * VelocityStore.slotBytes())
            .isLessThan(Integer.MAX_VALUE);
        assertThat(FraudLimits.DEFAULTS.velocityBytes()).isEqualTo(16_384L * VelocityStore.slotBytes());
    }
}
