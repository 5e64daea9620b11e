package io.hotpath.gateway.grpc;

import io.grpc.Status;
import io.hotpath.gateway.trace.CallTrace;
import io.hotpath.gateway.v1.FraudAction;

/**
 * What the fronts count as calls end: each response by method and status, and each decision by
 * action and first processor; only the responses must be counted, the other counts default to none.
 * Called on gRPC and egress threads; implementations must be thread-safe and must not block.
 */
public interface FrontMetrics
{
    /** Counts nothing. */
    FrontMetrics NONE = (method, status, tenantId, nanos, trace) ->
    {
    };

    /**
     * @param method   the full gRPC method name.
     * @param status   how the call ended.
     * @param tenantId the tenant the request named, when {@link #labelsTenants()}; 0 otherwise.
     * @param nanos    from the call's headers to its status.
     * @param trace    the call's trace when it was sampled; null otherwise.
     */
    void onResponse(String method, Status status, long tenantId, long nanos, CallTrace trace);

    /**
     * @return whether {@link #onResponse} wants each call's tenant (an operator named tenants to label).
     */
    default boolean labelsTenants()
    {
        return false;
    }

    /**
     * @param processor the first processor offered, or null when the payment was not routed.
     */
    default void onPaymentDecision(FraudAction action, String processor)
    {
    }

    /**
     * @param processor the first processor offered, or null when none was eligible.
     */
    default void onRoute(String processor)
    {
    }

    /**
     * A command another front (the binary one) refused before its shard.
     *
     * @param reason a constant: overloaded, quota, permission_denied, invalid_argument, ...
     */
    default void onRefused(String reason)
    {
    }
}
