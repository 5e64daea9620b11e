package io.hotpath.gateway.auth;

/**
 * Who a call is from, once authenticated.
 *
 * @param name     the API key's or the token subject's name, for logs and errors.
 * @param tenantId the one tenant it may act for; 0 for an operator.
 * @param operator true for an operator: the control plane (configs, snapshots) and every tenant.
 */
public record Principal(String name, long tenantId, boolean operator)
{
    /** Everyone, when authentication is off (a loopback-only engine). */
    public static final Principal ANYONE = new Principal("anyone", 0, true);

    /**
     * @return true if it may act for {@code tenant}.
     */
    public boolean mayActFor(final long tenant)
    {
        return operator || tenantId == tenant;
    }
}
