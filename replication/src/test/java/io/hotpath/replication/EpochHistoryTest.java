package io.hotpath.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a returning node's journal leaves its leader's, by the epochs: epoch 1 from 1, 2 from 101, 3 from 151.
 */
class EpochHistoryTest
{
    private final EpochHistory leader = EpochHistory.of(1, 1, 2, 101, 3, 151);

    @TempDir
    Path dir;

    @Test
    void shouldShareEverythingWithAFollowerOfTheCurrentEpochThatIsBehind()
    {
        assertThat(leader.commonPrefix(3, 160, 200)).isEqualTo(160);
        assertThat(leader.commonPrefix(2, 120, 200)).isEqualTo(120);
    }

    @Test
    void shouldCutANodeWhoseEpochEndedBeforeItsLastCommandAtThatEpochsEnd()
    {
        // A leader of epoch 1 that went on alone to 130: epoch 2 began at 101, so 101..130 are its own.
        assertThat(leader.commonPrefix(1, 130, 200)).isEqualTo(100);
        assertThat(leader.commonPrefix(2, 170, 200)).isEqualTo(150);
    }

    @Test
    void shouldTrustNothingOfAnEpochTheLeaderNeverHeardOf()
    {
        assertThat(EpochHistory.of(1, 1, 3, 51).commonPrefix(2, 60, 80)).isEqualTo(-1);
    }

    @Test
    void shouldNotReachPastTheLeadersLastCommand()
    {
        assertThat(leader.commonPrefix(3, 160, 155)).isEqualTo(155);
        assertThat(leader.commonPrefix(0, 0, 155)).isZero();
    }

    @Test
    void shouldTellTheEpochOfACommandAndSurviveTheDisk()
    {
        assertThat(leader.epochAt(0)).isZero();
        assertThat(leader.epochAt(100)).isEqualTo(1);
        assertThat(leader.epochAt(101)).isEqualTo(2);
        assertThat(leader.epochAt(1_000)).isEqualTo(3);
        leader.with(4, 300).write(dir);
        final EpochHistory read = EpochHistory.read(dir);
        assertThat(read.pairs()).containsExactly(1, 1, 2, 101, 3, 151, 4, 300);
        assertThat(EpochHistory.read(dir.resolve("none")).lastEpoch()).isZero();
    }

    @Test
    void shouldRefuseEpochsThatDoNotRise()
    {
        assertThatThrownBy(() -> leader.with(3, 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EpochHistory.of(2, 10, 1, 20)).isInstanceOf(IllegalArgumentException.class);
    }
}
