package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotCommandWarmUpTest
{
    @Test
    void shouldApplyItsConfigsAndTakeItsSnapshotsTheSameWayEveryTime()
    {
        // It throws unless every config is applied and every snapshot taken.
        assertThat(SnapshotCommandWarmUp.run()).isEqualTo(SnapshotCommandWarmUp.run()).isPositive();
    }
}
