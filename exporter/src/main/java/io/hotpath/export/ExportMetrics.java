package io.hotpath.export;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The exporters' Prometheus metrics, read from each exporter's {@link ExportStats} at scrape time:
 *
 * <pre>
 *   hotpath_export_events_total{sink,shard,topic}       events published (rate: events/s)
 *   hotpath_export_lag_entries{sink,shard}              results journaled and not yet published
 *   hotpath_export_lag_seconds{sink,shard}              command time of the oldest unpublished result to now
 *   hotpath_export_engine_sequence{sink,shard}          the last command published or passed over
 *   hotpath_export_failures_total{sink}                 publishes (or position reads) that failed
 *   hotpath_export_retries_total{sink}                  failures that followed a failure: retries that failed
 *   hotpath_export_poison_total{sink,shard}             entries passed over: checksum failed, command missing, unreadable
 *   hotpath_export_failing_seconds{sink}                how long the sink has failed without a success; 0 when healthy
 *   hotpath_export_commit_lag_seconds{sink,quantile}    command time to the sink's commit, since start
 * </pre>
 */
public final class ExportMetrics
{
    private final List<Exporter> exporters = new CopyOnWriteArrayList<>();

    public ExportMetrics(final PrometheusRegistry registry)
    {
        CounterWithCallback.builder().name("hotpath_export_events").help("Events published, by sink, shard and topic")
            .labelNames("sink", "shard", "topic")
            .callback(callback -> each((exporter, i, shard) ->
            {
                for (final Topic topic : Topic.values())
                {
                    callback.call(exporter.stats().events(i, topic), exporter.sinkName(), shard, topic.key());
                }
            }))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_export_lag_entries").help("Results journaled and not yet published")
            .labelNames("sink", "shard")
            .callback(callback -> each((exporter, i, shard) ->
                callback.call(exporter.stats().lagEntries(i), exporter.sinkName(), shard)))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_export_lag_seconds").unit(Unit.SECONDS)
            .help("From the command time of the oldest result not yet published to now; 0 when caught up")
            .labelNames("sink", "shard")
            .callback(callback ->
            {
                final long now = System.currentTimeMillis() * 1_000_000L;
                each((exporter, i, shard) -> callback.call(exporter.stats().lagSeconds(i, now), exporter.sinkName(), shard));
            })
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_export_engine_sequence")
            .help("Engine sequence of the last command published or passed over")
            .labelNames("sink", "shard")
            .callback(callback -> each((exporter, i, shard) ->
                callback.call(exporter.stats().engineSequence(i), exporter.sinkName(), shard)))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_export_poison")
            .help("Journal entries passed over: checksum failed, command missing, or unreadable as an event")
            .labelNames("sink", "shard")
            .callback(callback -> each((exporter, i, shard) ->
                callback.call(exporter.stats().poison(i), exporter.sinkName(), shard)))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_export_failures").help("Publishes or position reads that failed")
            .labelNames("sink")
            .callback(callback -> sinks(exporter -> callback.call(exporter.stats().failures(), exporter.sinkName())))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_export_retries").help("Retries after a failure that failed again")
            .labelNames("sink")
            .callback(callback -> sinks(exporter -> callback.call(exporter.stats().retries(), exporter.sinkName())))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_export_failing_seconds").unit(Unit.SECONDS)
            .help("How long the sink has failed without a success in between; 0 when it is healthy")
            .labelNames("sink")
            .callback(callback -> sinks(exporter -> callback.call(exporter.failingForNanos() / 1e9, exporter.sinkName())))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_export_commit_lag_seconds").unit(Unit.SECONDS)
            .help("From a command's time to its event's commit in the sink, since the exporter started, by quantile")
            .labelNames("sink", "quantile")
            .callback(callback -> sinks(exporter ->
            {
                final Histogram lag = exporter.stats().commitLagMicros();
                for (final double quantile : new double[] {0.5, 0.99, 0.999})
                {
                    callback.call(lag.getValueAtPercentile(quantile * 100) / 1e6, exporter.sinkName(), Double.toString(quantile));
                }
            }))
            .register(registry);
    }

    /**
     * Reports {@code exporter} from now on.
     */
    public void add(final Exporter exporter)
    {
        exporters.add(exporter);
    }

    private void sinks(final Consumer<Exporter> action)
    {
        exporters.forEach(action);
    }

    private void each(final ShardAction action)
    {
        for (final Exporter exporter : exporters)
        {
            final int[] shards = exporter.stats().shards();
            for (int i = 0; i < shards.length; i++)
            {
                action.apply(exporter, i, Integer.toString(shards[i]));
            }
        }
    }

    @FunctionalInterface
    private interface ShardAction
    {
        void apply(Exporter exporter, int i, String shard);
    }
}
