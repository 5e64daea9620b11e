package io.hotpath.gateway.admin;

import io.grpc.Status;
import io.hotpath.core.control.ReplicaStatus;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.logic.EvictingTable;
import io.hotpath.core.shard.Shard;
import io.hotpath.core.shard.Stage;
import io.hotpath.gateway.grpc.FrontMetrics;
import io.hotpath.gateway.grpc.GrpcStatuses;
import io.hotpath.gateway.trace.CallTrace;
import io.hotpath.gateway.v1.FraudAction;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * The engine's Prometheus metrics, in a registry of its own (two engines in one JVM, as in tests,
 * do not mix):
 *
 * <pre>
 *   hotpath_stage_latency_seconds{shard,stage}        histogram: publish into the ring to the end of each stage (native buckets,
 *                                                     and classic ones from 10 us to 10 s; exemplars: sampled calls' traces)
 *   hotpath_grpc_latency_seconds{method,code}         histogram: a gRPC call from its headers to its status (+ tenant, opted in)
 *   hotpath_shard_up{shard}, _faulted{shard}          each shard here runs; faulted (its journal failed)
 *   hotpath_ring_occupancy{shard}, _capacity{shard}   commands in flight per shard ring, and its size
 *   hotpath_shard_commands_total{shard}               commands published into the ring
 *   hotpath_shard_ring_full_total{shard}              publishes refused because the ring was full
 *   hotpath_stage_failures_total{shard,stage}         commands a stage failed on
 *   hotpath_grpc_responses_total{method,code}         gRPC calls by how they ended
 *   hotpath_rejections_total{reason}                  calls refused: invalid_argument, malformed, overloaded, quota, limit,
 *                                                     unauthenticated, permission_denied, deadline_exceeded, ...
 *   hotpath_payment_decisions_total{action}           payment decisions by action
 *   hotpath_routes_total{processor}                   first processor offered, by payment decisions and route requests
 *   hotpath_shard_unreplicated_total{shard}           commands refused because too few followers answered (refuse policy)
 *   hotpath_shard_unacknowledged_total{shard}         commands applied whose followers did not acknowledge them in time
 *   hotpath_replica_role{shard}                       in a cluster: 0 none, 1 follower, 2 leader
 *   hotpath_replica_epoch{shard}                      the epoch this node leads or follows the shard in
 *   hotpath_replica_live_followers{shard}             as leader: followers on the live stream
 *   hotpath_replica_follower_lag_commands{shard}      as leader: commands the slowest follower has yet to acknowledge
 *   hotpath_replica_follower_lag_seconds{shard}       as follower: age of the last command applied (ingress to now)
 *   hotpath_replica_bootstraps_total{shard}           times this node's copy started afresh from its leader
 *   hotpath_replica_mismatches_total{shard}           results that differed from the leader's (the copy is then rebuilt)
 *   hotpath_replication_degraded_total{shard}         results released on the leader's copy alone (degrade policy)
 *   (the acknowledgement latency is hotpath_stage_latency_seconds{stage="replication"})
 *   jvm_*                                             the JVM's memory, GC, threads, ...
 * </pre>
 *
 * Counting on the reply path looks up pre-resolved data points: no allocation once each method,
 * code and processor has been seen once.
 */
public final class EngineMetrics implements FrontMetrics
{
    private static final String NOT_ROUTED = "none";

    private static final MetricMetadata STAGE_LATENCY = new MetricMetadata("hotpath_stage_latency_seconds",
        "Time from publish into the shard ring to the end of each stage, by shard and stage", Unit.SECONDS);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final GrpcLatency grpcLatency;
    private final boolean labelsTenants;
    private final Counter responses;
    private final Counter rejections;
    private final Counter decisions;
    private final Counter routes;
    private final ConcurrentMap<String, CounterDataPoint[]> responsesByMethod = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CounterDataPoint> rejectionsByReason = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CounterDataPoint> routesByProcessor = new ConcurrentHashMap<>();
    private final CounterDataPoint[] decisionsByAction = new CounterDataPoint[FraudAction.values().length];

    /**
     * @param tenantLabels the tenants whose calls {@code hotpath_grpc_latency_seconds} labels by tenant (every other
     *                     one as {@code other}); empty: no tenant label.
     */
    public EngineMetrics(final ShardDirectory directory, final StageMonitor monitor, final long[] tenantLabels)
    {
        grpcLatency = new GrpcLatency(tenantLabels);
        labelsTenants = tenantLabels.length > 0;
        JvmMetrics.builder().register(registry);
        registry.register(histogram(MetricFamilyDescriptor.of(MetricType.HISTOGRAM, STAGE_LATENCY, List.of("shard", "stage")),
            () -> new HistogramSnapshot(STAGE_LATENCY, monitor.histograms())));
        registry.register(histogram(grpcLatency.descriptor(), grpcLatency::collect));
        GaugeWithCallback.builder().name("hotpath_shard_up").help("1 while each shard here takes commands; 0 once it stopped or faulted")
            .labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.isRunning() ? 1 : 0, id))).register(registry);
        GaugeWithCallback.builder().name("hotpath_shard_faulted")
            .help("1 once each shard here faulted (its journal failed): it takes no more commands until the engine restarts")
            .labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.isFaulted() ? 1 : 0, id))).register(registry);
        GaugeWithCallback.builder().name("hotpath_ring_occupancy").help("Commands in flight in each shard's ring").labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.occupancy(), id))).register(registry);
        GaugeWithCallback.builder().name("hotpath_ring_capacity").help("Slots in each shard's ring").labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.context().ringSize(), id))).register(registry);
        CounterWithCallback.builder().name("hotpath_shard_commands").help("Commands published into each shard's ring")
            .labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.published(), id))).register(registry);
        CounterWithCallback.builder().name("hotpath_shard_ring_full").help("Publishes refused because the shard's ring was full")
            .labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.counters().rejectedRingFull(), id)))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_stage_failures").help("Commands a stage failed on (answered with an internal error)")
            .labelNames("shard", "stage")
            .callback(callback -> eachShard(directory, (id, shard) ->
            {
                for (final Stage stage : Stage.values())
                {
                    callback.call(shard.counters().failures(stage), id, stage.name().toLowerCase(Locale.ROOT));
                }
            }))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_state_evictions")
            .help("Keys each shard's bounded tables gave up to take new ones (counts start again for a key given up); "
                + "many mean a table smaller than its traffic's keys")
            .labelNames("shard", "table")
            .callback(callback -> eachShard(directory, (id, shard) ->
            {
                for (final EvictingTable table : EvictingTable.values())
                {
                    callback.call(shard.counters().evictions(table), id, table.label());
                }
            }))
            .register(registry);
        GaugeWithCallback.builder().name("hotpath_state_capacity")
            .help("Keys each shard's bounded tables hold at most; over the rate of hotpath_state_evictions_total, the seconds a "
                + "key stays once a table is full")
            .labelNames("shard", "table")
            .callback(callback -> eachShard(directory, (id, shard) ->
            {
                for (final EvictingTable table : EvictingTable.values())
                {
                    final int capacity = shard.counters().capacity(table);
                    if (capacity > 0)
                    {
                        callback.call(capacity, id, table.label());
                    }
                }
            }))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_shard_unreplicated")
            .help("Commands refused because too few followers answered (the refuse policy)").labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.counters().rejectedUnreplicated(), id)))
            .register(registry);
        CounterWithCallback.builder().name("hotpath_shard_unacknowledged")
            .help("Commands applied whose followers did not acknowledge them in time (answered UNAVAILABLE)").labelNames("shard")
            .callback(callback -> eachShard(directory, (id, shard) -> callback.call(shard.counters().unacknowledged(), id)))
            .register(registry);
        responses = Counter.builder().name("hotpath_grpc_responses").help("gRPC calls by method and how they ended")
            .labelNames("method", "code").withoutExemplars().register(registry);
        rejections = Counter.builder().name("hotpath_rejections").help("Calls refused, by reason").labelNames("reason")
            .withoutExemplars().register(registry);
        decisions = Counter.builder().name("hotpath_payment_decisions").help("Payment decisions by action").labelNames("action")
            .withoutExemplars().register(registry);
        routes = Counter.builder().name("hotpath_routes").help("First processor offered, by payment decisions and route requests")
            .labelNames("processor").withoutExemplars().register(registry);
    }

    /**
     * Adds the replication metrics of a cluster node.
     */
    public void replication(final ReplicaStatus status, final int shards)
    {
        gauge("hotpath_replica_role", "This node's role in each shard: 0 none, 1 follower, 2 leader", shards, status::role);
        gauge("hotpath_replica_epoch", "The epoch this node leads or follows each shard in", shards, status::epoch);
        gauge("hotpath_replica_live_followers", "As leader: followers on the live stream", shards, status::liveFollowers);
        gauge("hotpath_replica_follower_lag_commands", "As leader: commands the slowest follower has yet to acknowledge", shards,
            status::followerLagCommands);
        GaugeWithCallback.builder().name("hotpath_replica_follower_lag_seconds").unit(Unit.SECONDS)
            .help("As follower: time from the ingress of the last command applied to now").labelNames("shard")
            .callback(callback ->
            {
                for (int shardId = 0; shardId < shards; shardId++)
                {
                    callback.call(status.followerLagNanos(shardId) / 1e9, Integer.toString(shardId));
                }
            })
            .register(registry);
        counter("hotpath_replica_bootstraps", "Times this node's copy of each shard started afresh from its leader", shards,
            status::bootstraps);
        counter("hotpath_replica_mismatches", "Results this node's copy computed that differed from its leader's", shards,
            status::mismatches);
        counter("hotpath_replication_degraded", "Results released on the leader's copy alone (the degrade policy)", shards,
            status::degraded);
    }

    private void gauge(final String name, final String help, final int shards, final IntToLongFunction value)
    {
        GaugeWithCallback.builder().name(name).help(help).labelNames("shard")
            .callback(callback ->
            {
                for (int shardId = 0; shardId < shards; shardId++)
                {
                    callback.call(value.applyAsLong(shardId), Integer.toString(shardId));
                }
            })
            .register(registry);
    }

    private void counter(final String name, final String help, final int shards, final IntToLongFunction value)
    {
        CounterWithCallback.builder().name(name).help(help).labelNames("shard")
            .callback(callback ->
            {
                for (int shardId = 0; shardId < shards; shardId++)
                {
                    callback.call(value.applyAsLong(shardId), Integer.toString(shardId));
                }
            })
            .register(registry);
    }

    /**
     * @return the registry to scrape.
     */
    public PrometheusRegistry registry()
    {
        return registry;
    }

    @Override
    public boolean labelsTenants()
    {
        return labelsTenants;
    }

    @Override
    public void onResponse(final String method, final Status status, final long tenantId, final long nanos, final CallTrace trace)
    {
        grpcLatency.record(method, status.getCode(), tenantId, nanos, trace == null ? null : trace.traceId(),
            trace == null ? null : trace.spanId());
        CounterDataPoint[] byCode = responsesByMethod.get(method);
        if (byCode == null)
        {
            byCode = responsesByMethod.computeIfAbsent(method, key -> new CounterDataPoint[Status.Code.values().length]);
        }
        final int code = status.getCode().ordinal();
        if (byCode[code] == null)
        {
            byCode[code] = responses.labelValues(method, status.getCode().name());
        }
        byCode[code].inc();
        final String reason = GrpcStatuses.reason(status);
        if (reason != null)
        {
            onRefused(reason);
        }
    }

    @Override
    public void onRefused(final String reason)
    {
        CounterDataPoint rejected = rejectionsByReason.get(reason);
        if (rejected == null)
        {
            rejected = rejectionsByReason.computeIfAbsent(reason, rejections::labelValues);
        }
        rejected.inc();
    }

    @Override
    public void onPaymentDecision(final FraudAction action, final String processor)
    {
        final int ordinal = action.ordinal();
        if (decisionsByAction[ordinal] == null)
        {
            decisionsByAction[ordinal] = decisions.labelValues(action.name().replace("FRAUD_ACTION_", ""));
        }
        decisionsByAction[ordinal].inc();
        if (processor != null)
        {
            onRoute(processor);
        }
    }

    @Override
    public void onRoute(final String processor)
    {
        final String label = processor == null ? NOT_ROUTED : processor;
        CounterDataPoint routed = routesByProcessor.get(label);
        if (routed == null)
        {
            routed = routesByProcessor.computeIfAbsent(label, routes::labelValues);
        }
        routed.inc();
    }

    /**
     * @return a collector of a histogram whose data points {@code collect} builds at each scrape.
     */
    private static Collector histogram(final MetricFamilyDescriptor descriptor, final Supplier<HistogramSnapshot> collect)
    {
        return new Collector()
        {
            @Override
            public MetricSnapshot collect()
            {
                return collect.get();
            }

            @Override
            public MetricFamilyDescriptor getMetricFamilyDescriptor()
            {
                return descriptor;
            }
        };
    }

    private interface ShardVisitor
    {
        void visit(String shardId, Shard shard);
    }

    private static void eachShard(final ShardDirectory directory, final ShardVisitor visitor)
    {
        for (int shardId = 0; shardId < directory.shardCount(); shardId++)
        {
            final Shard shard = directory.shard(shardId);
            if (shard != null)
            {
                visitor.visit(String.valueOf(shardId), shard);
            }
        }
    }
}
