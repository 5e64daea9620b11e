package io.hotpath.gateway.grpc;

import com.google.common.base.CharMatcher;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.CallGuard;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.gateway.auth.TenantQuotas;
import io.hotpath.gateway.trace.CallTrace;
import io.hotpath.gateway.trace.CallTracing;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The gRPC front's one interceptor: every call passes it, whichever service or refusal answers it. In the order a call
 * meets them:
 *
 * <pre>
 *   headers ─► start time, span if sampled (ObservedCall: counted, timed and its span ended when its status is sent)
 *           ─► who it is from: x-api-key, authorization: Bearer, or the client certificate   UNAUTHENTICATED
 *              (the health service answers without credentials, for load balancers)
 *           ─► idempotency-key: 1 to 128 printable ASCII characters, no spaces               INVALID_ARGUMENT
 *           ─► the service starts the call, in a context holding what it reads (below)
 *   request ─► its tenant_id, read through the message's descriptor, for the tenant label
 *           ─► CallGuard, for the engine's services: operator, tenant, deadline, quota       PERMISSION_DENIED, ...
 *           ─► the service
 *   ending  ─► the call's quota released
 * </pre>
 *
 * Nothing a refused call carries reaches a service, so nothing of it is journaled.
 *
 * <p>One interceptor rather than a chain of them, because each interceptor in grpc-java wraps the call's handler and
 * listener again, and each that puts a value in the call's context attaches and detaches it around every callback: a
 * cost paid on the event loop by every call. Here a call gets one listener, and a context of its own only when it
 * carries something a service reads: an idempotency key ({@link #idempotencyKey()}), a sampled span
 * ({@link CallTrace#current()}), or, for a streaming call, its principal ({@link #principal()}).
 *
 * <p>Thread-safe; a call's listener is called by one thread at a time, as grpc guarantees.
 */
public final class FrontInterceptor implements ServerInterceptor
{
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    /** A retry's key, such as {@code "pay-8812/2"} (payment id and attempt): the shard answers it with the first result. */
    public static final Metadata.Key<String> IDEMPOTENCY_KEY = Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Principal> PRINCIPAL = Context.key("hotpath-principal");
    private static final Context.Key<Long> IDEMPOTENCY = Context.key("hotpath-idempotency-key");
    private static final String HEALTH = "grpc.health.v1.Health/";
    private static final String ENGINE_SERVICES = "hotpath.v1.";
    private static final String CONTROL = "hotpath.v1.Control/";
    private static final int MAX_KEY_LENGTH = 128;
    /** Printable ASCII without the space; matched without a stream per call. */
    private static final CharMatcher PRINTABLE = CharMatcher.inRange('!', '~');
    private static final ServerCall.Listener<Object> NOTHING = new ServerCall.Listener<>()
    {
    };

    private final FrontMetrics metrics;
    private final boolean labelsTenants;
    private final CallTracing tracing;
    private final Authenticator authenticator;
    private final CallGuard guard;
    private final LoopReplies loops;
    private final RequestTenants tenants = new RequestTenants();

    /**
     * Replies are sent on whichever thread writes them.
     */
    public FrontInterceptor(final FrontMetrics metrics, final CallTracing tracing, final Authenticator authenticator,
        final CallGuard guard)
    {
        this(metrics, tracing, authenticator, guard, null);
    }

    /**
     * @param loops the event loops that read the calls, to which unary replies are handed; null to send them on whichever
     *              thread writes them.
     */
    FrontInterceptor(final FrontMetrics metrics, final CallTracing tracing, final Authenticator authenticator,
        final CallGuard guard, final LoopReplies loops)
    {
        this.metrics = metrics;
        this.labelsTenants = metrics.labelsTenants();
        this.tracing = tracing;
        this.authenticator = authenticator;
        this.guard = guard;
        this.loops = loops;
    }

    /**
     * @return who the current call is from, in a streaming call's service; null elsewhere (a unary call was admitted by
     *         its principal before its service saw it).
     */
    public static Principal principal()
    {
        return PRINCIPAL.get();
    }

    /**
     * @return the current call's idempotency key as a text key, or 0 when it sent none.
     */
    public static long idempotencyKey()
    {
        final Long key = IDEMPOTENCY.get();
        return key == null ? 0 : key;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final long startedAt = System.nanoTime();
        final MethodDescriptor<Q, R> descriptor = call.getMethodDescriptor();
        final String method = descriptor.getFullMethodName();
        final boolean unary = descriptor.getType() == MethodType.UNARY;
        final CallTrace trace = tracing.start(method, headers);
        final ObservedCall<Q, R> observed = new ObservedCall<>(
            call, metrics, method, startedAt, trace, loops != null && unary ? loops.current() : null);

        Principal principal = null;
        if (!method.startsWith(HEALTH))
        {
            // With authentication off the authenticator answers without credentials: none are read.
            final Authenticator.Outcome outcome = authenticator.required()
                ? authenticator.authenticate(headers.get(AUTHORIZATION), headers.get(API_KEY), clientCertificate(call))
                : authenticator.authenticate(null, null, null);
            if (!outcome.authenticated())
            {
                return refuse(observed, Status.UNAUTHENTICATED.withDescription(outcome.refusal()));
            }
            principal = outcome.principal();
        }
        final String keyText = headers.get(IDEMPOTENCY_KEY);
        if (keyText != null && (keyText.isEmpty() || keyText.length() > MAX_KEY_LENGTH || !PRINTABLE.matchesAllOf(keyText)))
        {
            return refuse(observed, Status.INVALID_ARGUMENT.withDescription(
                "idempotency-key: must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces"));
        }

        final Context base = Context.current();
        Context context = trace == null ? base : CallTracing.attach(base, trace);
        if (keyText != null)
        {
            context = context.withValue(IDEMPOTENCY, TextKeys.of(keyText));
        }
        if (!unary && principal != null)
        {
            context = context.withValue(PRINCIPAL, principal);
        }
        final Context own = context == base ? null : context;
        final ServerCall.Listener<Q> started = start(own, observed, headers, next);
        final Principal guarded = principal != null && method.startsWith(ENGINE_SERVICES) ? principal : null;
        if (guarded == null && own == null && !labelsTenants)
        {
            return started;
        }
        return guarded == null ? new CallListener<>(started, observed, own, null, false, unary, null)
            : new CallListener<>(started, observed, own, guarded, method.startsWith(CONTROL), unary, base.getDeadline());
    }

    private static <Q, R> ServerCall.Listener<Q> start(
        final Context own, final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        if (own == null)
        {
            return next.startCall(call, headers);
        }
        final Context previous = own.attach();
        try
        {
            return next.startCall(call, headers);
        }
        finally
        {
            own.detach(previous);
        }
    }

    @SuppressWarnings("unchecked")
    private static <Q> ServerCall.Listener<Q> refuse(final ServerCall<Q, ?> call, final Status refusal)
    {
        call.close(refusal, new Metadata());
        return (ServerCall.Listener<Q>)NOTHING;
    }

    private static X509Certificate clientCertificate(final ServerCall<?, ?> call)
    {
        final SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null)
        {
            return null;
        }
        try
        {
            final Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate certificate ? certificate : null;
        }
        catch (final SSLPeerUnverifiedException ex)
        {
            return null;
        }
    }

    /**
     * A call's listener: reads each request's tenant, lets the guard admit it, runs the service's callbacks in the
     * call's own context, and releases the quota the call holds when it ends.
     */
    private final class CallListener<Q> extends ServerCall.Listener<Q>
    {
        private final ServerCall.Listener<Q> service;
        private final ObservedCall<Q, ?> call;
        private final Context context;
        private final Principal principal;
        private final boolean control;
        private final boolean holdsInFlight;
        private final Deadline deadline;
        private boolean refused;
        /** The quota a unary call holds one call in flight of, from admission to its end; null when none. */
        private TenantQuotas.Tenant held;

        /**
         * @param context   the call's own context, or null when it needs none.
         * @param principal who the call is from when the guard admits its requests; null when it does not.
         */
        CallListener(final ServerCall.Listener<Q> service, final ObservedCall<Q, ?> call, final Context context,
            final Principal principal, final boolean control, final boolean holdsInFlight, final Deadline deadline)
        {
            this.service = service;
            this.call = call;
            this.context = context;
            this.principal = principal;
            this.control = control;
            this.holdsInFlight = holdsInFlight;
            this.deadline = deadline;
        }

        @Override
        public void onMessage(final Q message)
        {
            final long tenant = principal != null || labelsTenants ? tenants.tenantOf(message) : 0;
            if (labelsTenants)
            {
                call.tenantId(tenant);
            }
            if (principal != null && !admit(tenant))
            {
                return;
            }
            final Context previous = enter();
            try
            {
                service.onMessage(message);
            }
            finally
            {
                leave(previous);
            }
        }

        @Override
        public void onHalfClose()
        {
            if (refused)
            {
                return;
            }
            final Context previous = enter();
            try
            {
                service.onHalfClose();
            }
            finally
            {
                leave(previous);
            }
        }

        @Override
        public void onCancel()
        {
            release();
            final Context previous = enter();
            try
            {
                service.onCancel();
            }
            finally
            {
                leave(previous);
            }
        }

        @Override
        public void onComplete()
        {
            release();
            final Context previous = enter();
            try
            {
                service.onComplete();
            }
            finally
            {
                leave(previous);
            }
        }

        @Override
        public void onReady()
        {
            final Context previous = enter();
            try
            {
                service.onReady();
            }
            finally
            {
                leave(previous);
            }
        }

        private boolean admit(final long tenant)
        {
            final TenantQuotas.Tenant quota = guard.quota(tenant, control);
            final Status refusal = guard.admit(principal, tenant, quota, control, deadline);
            if (refusal != null)
            {
                refused = true;
                call.close(refusal, new Metadata());
                return false;
            }
            if (quota != null)
            {
                if (holdsInFlight)
                {
                    held = quota;
                }
                else
                {
                    quota.release();
                }
            }
            return true;
        }

        private void release()
        {
            if (held != null)
            {
                held.release();
                held = null;
            }
        }

        private Context enter()
        {
            return context == null ? null : context.attach();
        }

        private void leave(final Context previous)
        {
            if (context != null)
            {
                context.detach(previous);
            }
        }
    }
}
