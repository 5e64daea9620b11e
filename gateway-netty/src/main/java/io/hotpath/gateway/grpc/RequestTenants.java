package io.hotpath.gateway.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads the tenant a request acts for: its {@code tenant_id} field, found through the message's
 * descriptor, so that every service's requests are read alike without a list of them to keep.
 *
 * <p>Thread-safe: the field of each message type is looked up once.
 */
public final class RequestTenants
{
    private static final String TENANT_FIELD = "tenant_id";

    private final ConcurrentMap<Descriptors.Descriptor, Optional<Descriptors.FieldDescriptor>> fields = new ConcurrentHashMap<>();

    /**
     * @return the request's tenant id; 0 when it has none (a control call, or not a protobuf message).
     */
    public long tenantOf(final Object message)
    {
        if (!(message instanceof Message request))
        {
            return 0;
        }
        final Optional<Descriptors.FieldDescriptor> field = fields.computeIfAbsent(request.getDescriptorForType(),
            descriptor -> Optional.ofNullable(descriptor.findFieldByName(TENANT_FIELD))
                .filter(found -> found.getJavaType() == Descriptors.FieldDescriptor.JavaType.LONG));
        return field.map(found -> (Long)request.getField(found)).orElse(0L);
    }
}
