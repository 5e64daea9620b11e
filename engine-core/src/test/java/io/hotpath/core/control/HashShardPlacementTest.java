package io.hotpath.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashShardPlacementTest
{
    @Test
    void shouldPlaceATenantOnTheSameShardEveryTime()
    {
        final HashShardPlacement placement = new HashShardPlacement(8);
        for (long tenant = -1000; tenant < 1000; tenant++)
        {
            assertThat(placement.shardOf(tenant)).isEqualTo(new HashShardPlacement(8).shardOf(tenant)).isBetween(0, 7);
        }
    }

    @Test
    void shouldKeepPlacementStableAcrossReleases()
    {
        // Journals and snapshots are per shard: changing the mix would move tenants away from their state.
        final HashShardPlacement placement = new HashShardPlacement(4);
        assertThat(new int[] {placement.shardOf(1), placement.shardOf(2), placement.shardOf(3), placement.shardOf(1_000_000)})
            .containsExactly(1, 2, 1, 3);
    }

    @Test
    void shouldSpreadConsecutiveTenantsEvenly()
    {
        final int shards = 4;
        final int[] counts = new int[shards];
        final HashShardPlacement placement = new HashShardPlacement(shards);
        for (long tenant = 1; tenant <= 40_000; tenant++)
        {
            counts[placement.shardOf(tenant)]++;
        }
        for (final int count : counts)
        {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }

    @Test
    void shouldRefuseNoShards()
    {
        assertThatThrownBy(() -> new HashShardPlacement(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
