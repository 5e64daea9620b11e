package io.hotpath.server;

import com.typesafe.config.Config;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;

/**
 * The {@code hotpath.tracing} block: whether calls' traces continue into the engine, which are
 * sampled, and where their spans go.
 *
 * @param samplingRatio   the share of calls without a parent that are sampled; a call with a parent follows its flag.
 * @param otlpEndpoint    the OTLP/HTTP traces endpoint: a collector's {@code http://host:4318/v1/traces}.
 * @param maxQueue        spans that may wait for export; beyond, new ones are dropped, never waited for.
 * @param shutdownTimeout how long a stopping engine waits for the last spans to go out.
 */
public record TracingSettings(
    boolean enabled, double samplingRatio, String otlpEndpoint, String serviceName, int maxQueue, Duration shutdownTimeout)
{
    public TracingSettings
    {
        if (!(samplingRatio >= 0 && samplingRatio <= 1))
        {
            throw new IllegalArgumentException("hotpath.tracing.sampling-ratio must be in [0, 1], was " + samplingRatio);
        }
        if (maxQueue < 1)
        {
            throw new IllegalArgumentException("hotpath.tracing.max-queue must be > 0, was " + maxQueue);
        }
        final URI uri = URI.create(otlpEndpoint);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
        {
            throw new IllegalArgumentException("hotpath.tracing.otlp-endpoint must be an http or https URL, was " + otlpEndpoint);
        }
    }

    public static TracingSettings from(final Config tracing)
    {
        return new TracingSettings(tracing.getBoolean("enabled"), tracing.getDouble("sampling-ratio"), tracing.getString("otlp-endpoint"),
            tracing.getString("service-name"), tracing.getInt("max-queue"), tracing.getDuration("shutdown-timeout"));
    }

    /**
     * @return a tracer provider that samples and exports as configured; its owner shuts it down.
     */
    public SdkTracerProvider start()
    {
        final OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(otlpEndpoint).build();
        return SdkTracerProvider.builder()
            .setResource(Resource.getDefault().merge(Resource.create(Attributes.builder().put("service.name", serviceName).build())))
            // The fronts decide which calls are sampled (CallTracing: the parent's flag, or the ratio) before a span is
            // asked for; every span they start is kept.
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxQueueSize(maxQueue)
                .setMaxExportBatchSize(Math.min(512, maxQueue)).build())
            .build();
    }
}
