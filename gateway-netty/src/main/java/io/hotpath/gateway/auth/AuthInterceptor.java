package io.hotpath.gateway.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authenticates every gRPC call by its headers, or its client certificate, before anything else sees it, and puts who it is
 * from in the call's context; a call without valid credentials ends at once with
 * {@code UNAUTHENTICATED} and reaches no service, so nothing of it is journaled. The health service
 * answers without credentials, for load balancers.
 */
public final class AuthInterceptor implements ServerInterceptor
{
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Principal> PRINCIPAL = Context.key("hotpath-principal");
    private static final String HEALTH = "grpc.health.v1.Health/";

    private final Authenticator authenticator;

    public AuthInterceptor(final Authenticator authenticator)
    {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        if (call.getMethodDescriptor().getFullMethodName().startsWith(HEALTH))
        {
            return next.startCall(call, headers);
        }
        final Authenticator.Outcome outcome =
            authenticator.authenticate(headers.get(AUTHORIZATION), headers.get(API_KEY), clientCertificate(call));
        if (!outcome.authenticated())
        {
            call.close(Status.UNAUTHENTICATED.withDescription(outcome.refusal()), new Metadata());
            return new ServerCall.Listener<>()
            {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, outcome.principal()), call, headers, next);
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
     * @return who the current call is from, or null outside a call this interceptor let through.
     */
    public static Principal principal()
    {
        return PRINCIPAL.get();
    }
}
