package io.hotpath.gateway.auth;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hotpath.gateway.grpc.GrpcStatuses;
import io.hotpath.gateway.grpc.RequestTenants;

/**
 * Decides, once a call's request has arrived and before any service sees it, whether it may go on,
 * so that nothing refused is ever journaled:
 *
 * <pre>
 *   no authenticated caller                                 UNAUTHENTICATED
 *   Control/* from a caller that is not an operator         PERMISSION_DENIED
 *   tenant_id of another tenant than the caller's           PERMISSION_DENIED
 *   deadline already passed                                 DEADLINE_EXCEEDED
 *   tenant over its rate, or at its calls in flight         RESOURCE_EXHAUSTED "QUOTA: ..."
 * </pre>
 *
 * The tenant is the request's {@code tenant_id} field, read through the message's descriptor, so
 * every RPC is covered without code of its own. A call admitted under the in-flight quota counts
 * until it ends; a server stream counts against the rate when it opens, not in flight for its life.
 */
public final class CallGuardInterceptor implements ServerInterceptor
{
    private static final String ENGINE_SERVICES = "hotpath.v1.";
    private static final String CONTROL = "hotpath.v1.Control/";

    private final TenantQuotas quotas;
    private final RequestTenants tenants = new RequestTenants();

    public CallGuardInterceptor(final TenantQuotas quotas)
    {
        this.quotas = quotas;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (!method.getFullMethodName().startsWith(ENGINE_SERVICES))
        {
            return next.startCall(call, headers);
        }
        final Principal principal = AuthInterceptor.principal();
        final Deadline deadline = Context.current().getDeadline();
        final boolean control = method.getFullMethodName().startsWith(CONTROL);
        final boolean holdsInFlight = method.getType() == MethodDescriptor.MethodType.UNARY;
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers))
        {
            private boolean refused;
            private long admittedTenant;

            @Override
            public void onMessage(final Q message)
            {
                final Status refusal = admit(message);
                if (refusal != null)
                {
                    refused = true;
                    call.close(refusal, new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose()
            {
                if (!refused)
                {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel()
            {
                release();
                super.onCancel();
            }

            @Override
            public void onComplete()
            {
                release();
                super.onComplete();
            }

            private Status admit(final Q message)
            {
                if (principal == null)
                {
                    return Status.UNAUTHENTICATED.withDescription("credentials required");
                }
                if (control && !principal.operator())
                {
                    return Status.PERMISSION_DENIED.withDescription(
                        principal.name() + " is not an operator: the control plane is for operators");
                }
                final long tenant = tenants.tenantOf(message);
                if (tenant > 0 && !principal.mayActFor(tenant))
                {
                    return forbidden(principal, tenant);
                }
                if (deadline != null && deadline.isExpired())
                {
                    return Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the command reached its shard");
                }
                if (control)
                {
                    return null;
                }
                final Status refusal = admitRequest(principal, tenant);
                if (refusal != null || tenant <= 0)
                {
                    return refusal;
                }
                if (holdsInFlight)
                {
                    admittedTenant = tenant;
                }
                else
                {
                    quotas.release(tenant);
                }
                return null;
            }

            private void release()
            {
                if (admittedTenant != 0)
                {
                    quotas.release(admittedTenant);
                    admittedTenant = 0;
                }
            }
        };
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
     * Ends a call in flight that {@link #admitRequest} admitted.
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
