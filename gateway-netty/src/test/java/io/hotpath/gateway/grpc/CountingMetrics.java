package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.hotpath.gateway.trace.CallTrace;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The front's metrics as a test reads them: each call's ending as {@code "method CODE tenant"}, in the order they came.
 */
final class CountingMetrics implements FrontMetrics
{
    private final List<String> endings = new CopyOnWriteArrayList<>();
    private final boolean labelsTenants;

    /**
     * @param labelsTenants whether to ask for each call's tenant, as an operator who names tenants does.
     */
    CountingMetrics(final boolean labelsTenants)
    {
        this.labelsTenants = labelsTenants;
    }

    /**
     * @return the endings counted so far.
     */
    List<String> endings()
    {
        return endings;
    }

    @Override
    public void onResponse(final String method, final Status status, final long tenantId, final long nanos, final CallTrace trace)
    {
        endings.add(method + " " + status.getCode() + " " + tenantId);
    }

    @Override
    public boolean labelsTenants()
    {
        return labelsTenants;
    }
}
