package io.hotpath.core.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes the engine messages that cross nodes: the {@link ReplicaCoordinator}'s surveys and assignments and the
 * nodes' answers. Three small messages of longs, strings and one actor reference: written field by field with
 * {@link DataOutputStream} rather than bound to a general serializer (Jackson, protobuf) that would need a schema or
 * reflection for so little. Everything else a cluster sends is Pekko's own, with Pekko's serializers; control commands
 * never cross nodes (see {@link ClusterGuardian}).
 */
public final class ClusterMessageSerializer extends SerializerWithStringManifest
{
    private static final String SURVEY = "survey";
    private static final String ASSIGN = "assign";
    private static final String HOLDINGS = "holdings";

    private final ActorRefResolver resolver;

    public ClusterMessageSerializer(final ExtendedActorSystem system)
    {
        this.resolver = ActorRefResolver.get(Adapter.toTyped(system));
    }

    @Override
    public int identifier()
    {
        return 731_001;
    }

    @Override
    public String manifest(final Object message)
    {
        if (message instanceof ReplicaAgent.Survey)
        {
            return SURVEY;
        }
        if (message instanceof ReplicaAgent.Assign)
        {
            return ASSIGN;
        }
        if (message instanceof ReplicaCoordinator.Holdings)
        {
            return HOLDINGS;
        }
        throw new IllegalArgumentException("not a message that crosses nodes: " + message.getClass().getName());
    }

    @Override
    public byte[] toBinary(final Object message)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes))
        {
            if (message instanceof ReplicaAgent.Survey survey)
            {
                out.writeLong(survey.surveyId());
                writeLongs(out, survey.fences());
                out.writeUTF(resolver.toSerializationFormat(survey.replyTo()));
            }
            else if (message instanceof ReplicaAgent.Assign assign)
            {
                out.writeInt(assign.shardId());
                out.writeLong(assign.epoch());
                out.writeUTF(assign.leader());
                out.writeInt(assign.followers().size());
                for (final String follower : assign.followers())
                {
                    out.writeUTF(follower);
                }
            }
            else if (message instanceof ReplicaCoordinator.Holdings holdings)
            {
                out.writeLong(holdings.surveyId());
                out.writeUTF(holdings.node());
                writeLongs(out, holdings.values());
            }
            else
            {
                throw new IllegalArgumentException("not a message that crosses nodes: " + message.getClass().getName());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object fromBinary(final byte[] bytes, final String manifest) throws NotSerializableException
    {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes)))
        {
            switch (manifest)
            {
                case SURVEY:
                    return new ReplicaAgent.Survey(in.readLong(), readLongs(in), resolver.resolveActorRef(in.readUTF()));
                case ASSIGN:
                    final int shardId = in.readInt();
                    final long epoch = in.readLong();
                    final String leader = in.readUTF();
                    final int count = in.readInt();
                    final List<String> followers = new ArrayList<>(count);
                    for (int i = 0; i < count; i++)
                    {
                        followers.add(in.readUTF());
                    }
                    return new ReplicaAgent.Assign(shardId, epoch, leader, List.copyOf(followers));
                case HOLDINGS:
                    return new ReplicaCoordinator.Holdings(in.readLong(), in.readUTF(), readLongs(in));
                default:
                    throw new NotSerializableException("unknown manifest " + manifest);
            }
        }
        catch (final IOException ex)
        {
            throw new NotSerializableException(manifest + ": " + ex.getMessage());
        }
    }

    private static void writeLongs(final DataOutputStream out, final long[] values) throws IOException
    {
        out.writeInt(values.length);
        for (final long value : values)
        {
            out.writeLong(value);
        }
    }

    private static long[] readLongs(final DataInputStream in) throws IOException
    {
        final long[] values = new long[in.readInt()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = in.readLong();
        }
        return values;
    }
}
