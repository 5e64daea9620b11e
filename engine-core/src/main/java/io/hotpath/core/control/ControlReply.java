package io.hotpath.core.control;

import io.hotpath.core.sbe.ResultCode;

/**
 * The answer to a control command.
 *
 * @param status         how the command fared at the ring: {@code Shard.PUBLISHED} when it was
 *                       applied (see {@code code}), otherwise the refusal.
 * @param code           the result code from the logic; null when the command never entered the ring.
 * @param engineSequence the shard's engine sequence at the command.
 * @param hash           the config hash for {@code ApplyConfig}, the state hash for {@code TakeSnapshot}.
 * @param detail         the failure reason, or empty.
 */
public record ControlReply(int status, ResultCode code, long engineSequence, long hash, String detail)
{
    public boolean applied()
    {
        return code == ResultCode.OK;
    }
}
