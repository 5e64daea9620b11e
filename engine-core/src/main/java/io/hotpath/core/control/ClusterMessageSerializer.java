package io.hotpath.core.control;

import java.io.NotSerializableException;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes the one engine message that crosses nodes, {@link ShardController.Wake}: no fields, so
 * its manifest says it all. Written here rather than bound to a general serializer (Jackson, protobuf)
 * because there is nothing to encode; everything else a cluster sends is Pekko's own, with Pekko's
 * serializers. Control commands never cross nodes (see {@link ClusterGuardian}).
 */
public final class ClusterMessageSerializer extends SerializerWithStringManifest
{
    private static final String WAKE = "wake";
    private static final byte[] NOTHING = new byte[0];

    @Override
    public int identifier()
    {
        return 731_001;
    }

    @Override
    public String manifest(final Object message)
    {
        if (message instanceof ShardController.Wake)
        {
            return WAKE;
        }
        throw new IllegalArgumentException("not a message that crosses nodes: " + message.getClass().getName());
    }

    @Override
    public byte[] toBinary(final Object message)
    {
        manifest(message);
        return NOTHING;
    }

    @Override
    public Object fromBinary(final byte[] bytes, final String manifest) throws NotSerializableException
    {
        if (WAKE.equals(manifest))
        {
            return ShardController.Wake.INSTANCE;
        }
        throw new NotSerializableException("unknown manifest " + manifest);
    }
}
