package io.hotpath.gateway.grpc;

import com.google.common.base.CharMatcher;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.hotpath.core.codes.TextKeys;

/**
 * Reads the {@code idempotency-key} request header (such as {@code "pay-8812/2"}: payment id and
 * attempt) into the call's context, where the services put it, as a 64-bit text key, into the
 * command. The shard answers a retry with the same key with the first result, and applies it
 * once, within its idempotency window. A key that is empty, longer than 128 characters or not
 * printable ASCII is refused with {@code INVALID_ARGUMENT} before anything is journaled.
 */
public final class IdempotencyInterceptor implements ServerInterceptor
{
    /** The request header. */
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Long> KEY = Context.key("hotpath-idempotency-key");
    private static final int MAX_LENGTH = 128;
    /** Printable ASCII without the space; matched without a stream per call. */
    private static final CharMatcher PRINTABLE = CharMatcher.inRange('!', '~');

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        final ServerCall<Q, R> call, final Metadata headers, final ServerCallHandler<Q, R> next)
    {
        final String key = headers.get(HEADER);
        if (key == null)
        {
            return next.startCall(call, headers);
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH || !PRINTABLE.matchesAllOf(key))
        {
            call.close(Status.INVALID_ARGUMENT.withDescription(
                "idempotency-key: must be 1 to " + MAX_LENGTH + " printable ASCII characters without spaces"), new Metadata());
            return new ServerCall.Listener<>()
            {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(KEY, TextKeys.of(key)), call, headers, next);
    }

    /**
     * @return the current call's idempotency key as a text key, or 0 when it sent none.
     */
    public static long current()
    {
        final Long key = KEY.get();
        return key == null ? 0 : key;
    }
}
