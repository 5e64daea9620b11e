package io.hotpath.gateway.admin;

import io.grpc.Status;
import io.hotpath.core.shard.StageLatency;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latency of every gRPC call, from its headers arriving to its status being sent, as the
 * histogram {@code hotpath_grpc_latency_seconds{method, code}}; with {@code tenant} too when the
 * operator named tenants to label ({@code hotpath.admin.metrics.tenant-labels}), every other tenant
 * then counted as {@code other}, so the series stay bounded.
 *
 * <p>Calls end on many threads (event loops, shards' egress threads), so each series records into
 * an HdrHistogram {@link Recorder}: wait-free for any number of writers, and allocation-free once
 * the series exists. A scrape drains the recorders into the series' {@link LatencyBuckets}.
 */
public final class GrpcLatency
{
    /** The value of the tenant label for a tenant not named. */
    public static final String OTHER_TENANT = "other";
    /** At most this many tenants may be named: each multiplies the series. */
    public static final int MAX_TENANT_LABELS = 50;
    private static final int SIGNIFICANT_DIGITS = 2;
    private static final MetricMetadata METADATA = new MetricMetadata("hotpath_grpc_latency_seconds",
        "gRPC calls from their headers arriving to their status being sent, by method and code", Unit.SECONDS);

    private final long[] tenants;
    private final ConcurrentMap<String, Series[][]> byMethod = new ConcurrentHashMap<>();
    private final List<Series> all = new ArrayList<>();

    /**
     * @param tenants the tenants to label by name, at most {@link #MAX_TENANT_LABELS}; empty for no tenant label.
     */
    public GrpcLatency(final long[] tenants)
    {
        if (tenants.length > MAX_TENANT_LABELS)
        {
            throw new IllegalArgumentException(
                "at most " + MAX_TENANT_LABELS + " tenants may be labelled, " + tenants.length + " were named");
        }
        this.tenants = tenants.clone();
        Arrays.sort(this.tenants);
    }

    /**
     * Records one call that ended; any thread.
     *
     * @param traceId the call's trace when it was sampled, for the exemplar; null otherwise.
     */
    public void record(final String method, final Status.Code code, final long tenantId, final long nanos, final String traceId,
        final String spanId)
    {
        Series[][] byTenant = byMethod.get(method);
        if (byTenant == null)
        {
            byTenant = byMethod.computeIfAbsent(method, key -> new Series[tenants.length + 1][Status.Code.values().length]);
        }
        final int tenantSlot = tenantSlot(tenantId);
        Series series = byTenant[tenantSlot][code.ordinal()];
        if (series == null)
        {
            series = create(byTenant, method, tenantSlot, code);
        }
        series.recorder.recordValue(Math.max(1, Math.min(nanos, StageLatency.HIGHEST_TRACKABLE_NANOS)));
        if (traceId != null)
        {
            series.buckets.offer(LatencyBuckets.exemplar(nanos, traceId, spanId));
        }
    }

    /**
     * @return the metric's name, type and labels.
     */
    public MetricFamilyDescriptor descriptor()
    {
        return MetricFamilyDescriptor.of(MetricType.HISTOGRAM, METADATA,
            tenants.length == 0 ? List.of("method", "code") : List.of("method", "code", "tenant"));
    }

    /**
     * @return every series, with what was recorded up to now.
     */
    public synchronized HistogramSnapshot collect()
    {
        final List<HistogramDataPointSnapshot> points = new ArrayList<>(all.size());
        for (final Series series : all)
        {
            series.recycle = series.recorder.getIntervalHistogram(series.recycle);
            series.buckets.add(series.recycle);
            points.add(series.buckets.snapshot());
        }
        return new HistogramSnapshot(METADATA, points);
    }

    private int tenantSlot(final long tenantId)
    {
        if (tenants.length == 0)
        {
            return 0;
        }
        final int found = Arrays.binarySearch(tenants, tenantId);
        return found >= 0 ? found + 1 : 0;
    }

    private synchronized Series create(final Series[][] byTenant, final String method, final int tenantSlot, final Status.Code code)
    {
        Series series = byTenant[tenantSlot][code.ordinal()];
        if (series == null)
        {
            final Labels labels = tenants.length == 0 ? Labels.of("method", method, "code", code.name())
                : Labels.of("method", method, "code", code.name(),
                    "tenant", tenantSlot == 0 ? OTHER_TENANT : Long.toString(tenants[tenantSlot - 1]));
            series = new Series(labels);
            all.add(series);
            byTenant[tenantSlot][code.ordinal()] = series;
        }
        return series;
    }

    /**
     * One method, code and tenant: recorded into by any thread, drained and read under the collector's lock.
     */
    private static final class Series
    {
        final Recorder recorder = new Recorder(1, StageLatency.HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        final LatencyBuckets buckets;
        Histogram recycle;

        Series(final Labels labels)
        {
            buckets = new LatencyBuckets(labels);
        }
    }
}
