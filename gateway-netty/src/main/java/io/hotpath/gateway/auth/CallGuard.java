package io.hotpath.gateway.auth;

import io.grpc.Deadline;
import io.grpc.Status;
import io.hotpath.gateway.grpc.GrpcStatuses;

/**
 * Decides, once a call's request has arrived and before any service sees it, whether it may go on,
 * so that nothing refused is ever journaled:
 *
 * <pre>
 *   Control/* from a caller that is not an operator         PERMISSION_DENIED
 *   tenant_id of another tenant than the caller's           PERMISSION_DENIED
 *   deadline already passed                                 DEADLINE_EXCEEDED
 *   tenant over its rate, or at its calls in flight         RESOURCE_EXHAUSTED "QUOTA: ..."
 * </pre>
 *
 * A request admitted for a tenant holds one call in flight until {@link #release(long)}: the gRPC front releases a
 * unary call when it ends, and a server stream at once, so that a stream counts against the rate when it opens, not
 * in flight for its life.
 *
 * <p>Thread-safe: {@link TenantQuotas} is.
 */
public final class CallGuard
{
    private final TenantQuotas quotas;

    public CallGuard(final TenantQuotas quotas)
    {
        this.quotas = quotas;
    }

    /**
     * Admits one gRPC request, read by {@code principal}'s call.
     *
     * @param tenant   the request's {@code tenant_id}, or 0 when it names none.
     * @param control  whether the call is to the control plane, which is for operators and takes no quota.
     * @param deadline the call's deadline, or null.
     * @return null when admitted (a request for a tenant, not to the control plane, then holds one call in flight);
     *         otherwise the refusal.
     */
    public Status admit(final Principal principal, final long tenant, final boolean control, final Deadline deadline)
    {
        if (control && !principal.operator())
        {
            return Status.PERMISSION_DENIED.withDescription(
                principal.name() + " is not an operator: the control plane is for operators");
        }
        if (tenant > 0 && !principal.mayActFor(tenant))
        {
            return forbidden(principal, tenant);
        }
        if (deadline != null && deadline.isExpired())
        {
            return Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the command reached its shard");
        }
        return control ? null : admitRequest(principal, tenant);
    }

    /**
     * Admits one request of {@code principal} for {@code tenant}: refused if the caller may not act
     * for it, or if it is over its rate or at its calls in flight. A request admitted for a tenant
     * (> 0) holds one call in flight until {@link #release(long)}.
     *
     * @return null when admitted; otherwise the refusal, PERMISSION_DENIED or RESOURCE_EXHAUSTED.
     */
    public Status admitRequest(final Principal principal, final long tenant)
    {
        if (tenant <= 0)
        {
            return null;
        }
        if (!principal.mayActFor(tenant))
        {
            return forbidden(principal, tenant);
        }
        final int admitted = quotas.tryAcquire(tenant);
        if (admitted == TenantQuotas.OVER_RATE)
        {
            return Status.RESOURCE_EXHAUSTED.withDescription(GrpcStatuses.QUOTA + ": tenant " + tenant + " is over its rate of "
                + quotas.limits(tenant).ratePerSecond() + " calls a second");
        }
        if (admitted == TenantQuotas.OVER_IN_FLIGHT)
        {
            return Status.RESOURCE_EXHAUSTED.withDescription(GrpcStatuses.QUOTA + ": tenant " + tenant + " has "
                + quotas.limits(tenant).inFlight() + " calls in flight, its maximum");
        }
        return null;
    }

    /**
     * Ends a call in flight that {@link #admit} or {@link #admitRequest} admitted for {@code tenant}.
     */
    public void release(final long tenant)
    {
        quotas.release(tenant);
    }

    private static Status forbidden(final Principal principal, final long tenant)
    {
        return Status.PERMISSION_DENIED.withDescription("tenant_id: " + principal.name() + " may not act for tenant " + tenant);
    }
}
