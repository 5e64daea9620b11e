package io.hotpath.fraud.velocity;

/**
 * What a velocity counter is kept per. Each value is a 64-bit key computed at the edge (a keyed
 * card fingerprint, a hash of the email, and so on), never the raw value.
 */
public enum VelocityKey
{
    CARD,
    CUSTOMER,
    EMAIL,
    IP,
    DEVICE,
    BIN
}
