package io.hotpath.core.shard;

import io.hotpath.core.sbe.CommandMetaEncoder;

/**
 * A reusable command carrying the identity every command starts with: the tenant, the caller's
 * correlation id, the ingress time the front stamped and the caller's idempotency key. Subclasses add their fields and write
 * them after {@link #stamp}.
 *
 * <p>Not thread-safe; one per publishing thread.
 */
public abstract class StampedCommand implements CommandSource
{
    public long tenantId;
    public long correlationId;
    public long ingressTime;
    /** The caller's key for a command it may retry, as a text key; 0 for none. */
    public long idempotencyKey;

    /**
     * Writes the identity into the command's {@code CommandMeta}.
     */
    protected final void stamp(final CommandMetaEncoder meta)
    {
        meta.tenantId(tenantId).correlationId(correlationId).ingressTime(ingressTime).idempotencyKey(idempotencyKey);
    }
}
