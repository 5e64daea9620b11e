package io.hotpath.gateway.auth;

import io.grpc.Deadline;
import io.grpc.Status;
import io.hotpath.gateway.grpc.GrpcStatuses;
import java.util.Map;

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
 * A request admitted for a tenant holds one call in flight until it is released: the gRPC front releases a unary
 * call when it ends, and a server stream at once, so that a stream counts against the rate when it opens, not in
 * flight for its life.
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
     * @return a guard that checks callers, tenants and deadlines, and counts no quota.
     */
    public static CallGuard withoutQuotas()
    {
        return new CallGuard(new TenantQuotas(TenantQuotas.Limits.UNLIMITED, Map.of()));
    }

    /**
     * @param control whether the call is to the control plane, which is for operators and takes no quota.
     * @return the quota of the tenant a request names, to admit it against ({@link #admit}) and to release it by when it
     *         holds a call in flight; null when the request takes none (it names no tenant, or it is to the control plane).
     */
    public TenantQuotas.Tenant quota(final long tenant, final boolean control)
    {
        return control || tenant <= 0 ? null : quotas.tenant(tenant);
    }

    /**
     * Admits one gRPC request, read by {@code principal}'s call.
     *
     * @param tenant   the request's {@code tenant_id}, or 0 when it names none.
     * @param quota    what {@link #quota} gave for it.
     * @param control  whether the call is to the control plane.
     * @param deadline the call's deadline, or null.
     * @return null when admitted, a request with a quota then holding one of its calls in flight until
     *         {@code quota.release()}; otherwise the refusal.
     */
    public Status admit(final Principal principal, final long tenant, final TenantQuotas.Tenant quota, final boolean control,
        final Deadline deadline)
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
        return quota == null ? null : refusal(quota.tryAcquire(), tenant, quota.limits());
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
        return refusal(quotas.tryAcquire(tenant), tenant, quotas.limits(tenant));
    }

    /**
     * Ends a call in flight that {@link #admitRequest} admitted for {@code tenant}.
     */
    public void release(final long tenant)
    {
        quotas.release(tenant);
    }

    private static Status refusal(final int admitted, final long tenant, final TenantQuotas.Limits limits)
    {
        if (admitted == TenantQuotas.OVER_RATE)
        {
            return Status.RESOURCE_EXHAUSTED.withDescription(GrpcStatuses.QUOTA + ": tenant " + tenant + " is over its rate of "
                + limits.ratePerSecond() + " calls a second");
        }
        if (admitted == TenantQuotas.OVER_IN_FLIGHT)
        {
            return Status.RESOURCE_EXHAUSTED.withDescription(GrpcStatuses.QUOTA + ": tenant " + tenant + " has "
                + limits.inFlight() + " calls in flight, its maximum");
        }
        return null;
    }

    private static Status forbidden(final Principal principal, final long tenant)
    {
        return Status.PERMISSION_DENIED.withDescription("tenant_id: " + principal.name() + " may not act for tenant " + tenant);
    }
}
