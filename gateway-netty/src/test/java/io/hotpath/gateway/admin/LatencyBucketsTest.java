package io.hotpath.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest
{
    @Test
    void shouldPutEachValueInTheClassicBucketWhoseBoundIsTheFirstAtOrAboveIt()
    {
        assertThat(LatencyBuckets.classicIndex(0.000_001)).isZero();
        assertThat(LatencyBuckets.classicIndex(0.00001)).isZero();
        assertThat(LatencyBuckets.classicIndex(0.000_011)).isEqualTo(1);
        assertThat(LatencyBuckets.CLASSIC_BOUNDS[LatencyBuckets.classicIndex(0.003)]).isEqualTo(0.005);
        assertThat(LatencyBuckets.CLASSIC_BOUNDS[LatencyBuckets.classicIndex(30)]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldIndexNativeBucketsAsPrometheusDoesAtSchemaThree()
    {
        // Bucket i holds (2^((i-1)/8), 2^(i/8)]: 1 s closes bucket 0, 2 s bucket 8, 0.5 s bucket -8.
        assertThat(LatencyBuckets.nativeIndex(1.0)).isZero();
        assertThat(LatencyBuckets.nativeIndex(1.0001)).isEqualTo(1);
        assertThat(LatencyBuckets.nativeIndex(2.0)).isEqualTo(8);
        assertThat(LatencyBuckets.nativeIndex(0.5)).isEqualTo(-8);
        // 100 us: log2(1e-4) * 8 = -106.3, so bucket -106.
        assertThat(LatencyBuckets.nativeIndex(0.0001)).isEqualTo(-106);
    }

    @Test
    void shouldCountEveryValueInBothLayoutsAndAccumulateIntervals()
    {
        final LatencyBuckets buckets = new LatencyBuckets(Labels.of("stage", "egress"));
        final Histogram interval = new Histogram(1, 60_000_000_000L, 2);
        interval.recordValueWithCount(40_000, 7);
        interval.recordValueWithCount(3_000_000, 2);
        buckets.add(interval);
        interval.reset();
        interval.recordValue(2_000_000_000L);
        buckets.add(interval);

        final HistogramDataPointSnapshot point = buckets.snapshot();
        assertThat(point.getCount()).isEqualTo(10);
        assertThat(point.getSum()).isCloseTo(7 * 40e-6 + 2 * 3e-3 + 2.0, within(0.03));
        assertThat(point.getClassicBuckets().getCount(LatencyBuckets.classicIndex(40e-6))).isEqualTo(7);
        assertThat(point.getClassicBuckets().getCount(LatencyBuckets.classicIndex(3e-3))).isEqualTo(2);
        assertThat(point.getClassicBuckets().getCount(LatencyBuckets.classicIndex(2.0))).isEqualTo(1);
        assertThat(point.getNativeSchema()).isEqualTo(3);
        long nativeTotal = 0;
        for (final NativeHistogramBucket bucket : point.getNativeBucketsForPositiveValues())
        {
            nativeTotal += bucket.getCount();
        }
        assertThat(nativeTotal).isEqualTo(10);
        assertThat(point.getNativeBucketsForPositiveValues().getBucketIndex(0)).isEqualTo(LatencyBuckets.nativeIndex(40e-6));
    }

    @Test
    void shouldCarryTheLatestSampledCallAsExemplar()
    {
        final LatencyBuckets buckets = new LatencyBuckets(Labels.EMPTY);
        buckets.offer(LatencyBuckets.exemplar(250_000, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
        buckets.offer(LatencyBuckets.exemplar(500_000, "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
        final HistogramDataPointSnapshot point = buckets.snapshot();
        assertThat(point.getExemplars().size()).isEqualTo(1);
        assertThat(point.getExemplars().get(0).getValue()).isEqualTo(0.0005);
        assertThat(point.getExemplars().get(0).getLabels().get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
