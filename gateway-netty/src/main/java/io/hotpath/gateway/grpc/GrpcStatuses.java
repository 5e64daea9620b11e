package io.hotpath.gateway.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hotpath.core.control.ShardDirectory;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.core.shard.Shard;
import java.util.Locale;

/**
 * How engine outcomes become gRPC statuses.
 *
 * <pre>
 *   ring full (OVERLOADED)          RESOURCE_EXHAUSTED   nothing journaled; retry later
 *   shard not running / faulted     UNAVAILABLE          nothing journaled
 *   INVALID_ARGUMENT                INVALID_ARGUMENT     the message names the field
 *   LIMIT_EXCEEDED                  RESOURCE_EXHAUSTED
 *   FAILED_PRECONDITION             FAILED_PRECONDITION  the state cannot answer yet (no FX rate, say)
 *   UNKNOWN_COMMAND                 UNIMPLEMENTED
 *   INTERNAL_ERROR                  INTERNAL             journaled; one command failed, the shard runs on
 * </pre>
 */
public final class GrpcStatuses
{
    private static final int MAX_QUOTED = 70;

    /** How a refusal because a shard's ring is full begins its description. */
    public static final String OVERLOADED = "OVERLOADED";
    /** How a refusal because a tenant is over its quota begins its description. */
    public static final String QUOTA = "QUOTA";
    /** How a refusal because a limit was reached begins its description. */
    public static final String LIMIT = "limit exceeded";
    /** The rejection reason of a request that is not a protobuf message of its type. */
    public static final String MALFORMED = "malformed";

    private GrpcStatuses()
    {
    }

    /**
     * @return why a call was refused, for the rejection counters: {@code overloaded}, {@code quota} or
     *         {@code limit} for the kinds of RESOURCE_EXHAUSTED, {@code malformed} for a request that did
     *         not parse, the status code otherwise ({@code invalid_argument}, {@code unauthenticated}, ...);
     *         null for a call that was not refused.
     */
    public static String reason(final Status status)
    {
        switch (status.getCode())
        {
            case OK:
            case INTERNAL:
            case UNKNOWN:
            case CANCELLED:
                return null;
            case RESOURCE_EXHAUSTED:
                final String description = status.getDescription() == null ? "" : status.getDescription();
                return description.startsWith(OVERLOADED) ? "overloaded" : description.startsWith(QUOTA) ? "quota" : "limit";
            case INVALID_ARGUMENT:
                return status.getDescription() != null && status.getDescription().startsWith(UnparsedRequests.DESCRIPTION)
                    ? MALFORMED : "invalid_argument";
            default:
                return status.getCode().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param publishStatus what {@link Shard#tryPublish} answered, other than {@link Shard#PUBLISHED}.
     */
    public static Status refused(final int publishStatus, final int shardId)
    {
        switch (publishStatus)
        {
            case Shard.RING_FULL:
                return Status.RESOURCE_EXHAUSTED.withDescription(OVERLOADED + ": shard " + shardId + " is full; retry later");
            case Shard.FAULTED:
                return Status.UNAVAILABLE.withDescription("shard " + shardId + " is faulted and takes no commands");
            case Shard.UNREPLICATED:
                return Status.UNAVAILABLE.withDescription("shard " + shardId + " has too few followers answering to acknowledge "
                    + "commands; retry later");
            default:
                return Status.UNAVAILABLE.withDescription("shard " + shardId + " is not running on this node");
        }
    }

    /**
     * In a cluster, the trailer that names the node running a tenant's shard, {@code host:port} of its gRPC front: a client
     * sends the call there, and keeps sending that tenant's calls there until told otherwise.
     */
    public static final Metadata.Key<String> OWNER = Metadata.Key.of("hotpath-owner", Metadata.ASCII_STRING_MARSHALLER);

    /**
     * @return the refusal of a publish, naming in the {@link #OWNER} trailer the node that runs the shard when this one
     *         does not and the directory knows it.
     */
    public static StatusRuntimeException refused(final int publishStatus, final int shardId, final ShardDirectory directory)
    {
        final String owner = publishStatus == Shard.CLOSED ? directory.ownerOf(shardId) : null;
        if (owner == null)
        {
            return refused(publishStatus, shardId).asRuntimeException();
        }
        final Metadata trailers = new Metadata();
        trailers.put(OWNER, owner);
        return Status.UNAVAILABLE.withDescription("shard " + shardId + " runs on " + owner + "; send the call there")
            .asRuntimeException(trailers);
    }

    public static Status failed(final ResultCode code, final String reason)
    {
        switch (code)
        {
            case INVALID_ARGUMENT:
                return Status.INVALID_ARGUMENT.withDescription(reason);
            case LIMIT_EXCEEDED:
                return Status.RESOURCE_EXHAUSTED.withDescription(LIMIT + ": " + reason);
            case FAILED_PRECONDITION:
                return Status.FAILED_PRECONDITION.withDescription(reason);
            case UNKNOWN_COMMAND:
                return Status.UNIMPLEMENTED.withDescription(reason);
            case UNAVAILABLE:
                // A replicated shard whose followers did not acknowledge in time: the caller retries under its key.
                return Status.UNAVAILABLE.withDescription(reason);
            default:
                return Status.INTERNAL.withDescription(reason);
        }
    }

    public static Status invalid(final String field, final String problem)
    {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem);
    }

    /**
     * A payment id is required: cascades, outcomes and labels find a payment by it, so payments
     * sent without one (proto3's 0) would share one.
     */
    static Status paymentId(final long paymentId)
    {
        return invalid("payment_id", "required: must be > 0, was " + paymentId);
    }

    /**
     * @return the first of {@code statuses} that is not null (the first invalid field), or null.
     */
    static Status first(final Status... statuses)
    {
        for (final Status status : statuses)
        {
            if (status != null)
            {
                return status;
            }
        }
        return null;
    }

    /**
     * A caller's value, quoted for an error message: cut to 70 characters (a message travels in a
     * trailer, whose size the client limits), and never a card number.
     */
    static String quoted(final String value)
    {
        if (PanDetector.containsPan(value))
        {
            return "(what looks like a card number, not repeated)";
        }
        return "\"" + (value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED - 3) + "...") + "\"";
    }
}
