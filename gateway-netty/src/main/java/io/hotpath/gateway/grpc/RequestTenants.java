package io.hotpath.gateway.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.GeneratedMessageV3;
import com.google.protobuf.Message;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.ToLongFunction;

/**
 * Reads the tenant a request acts for: its {@code tenant_id} field, found by the name protobuf gives its getter, so
 * that every service's requests are read alike without a list of them to keep.
 *
 * <p>Each message class gets a reader once, on its first request: for a generated message, a function bound to its own
 * {@code getTenantId()} (the generated getter of a single int64 {@code tenant_id}), which the JIT calls as it calls any
 * getter. Protobuf's reflective {@code getField} would instead invoke that getter through {@code java.lang.reflect} on
 * every call, with its access checks, and box the id (an allocation on the event loop for any id above 127). A message
 * without generated getters (a {@code DynamicMessage}) is read through its descriptor.
 *
 * <p>Thread-safe.
 */
public final class RequestTenants
{
    private static final String TENANT_FIELD = "tenant_id";
    /** What protobuf's Java code generator names the getter of {@link #TENANT_FIELD}. */
    private static final String GETTER = "getTenantId";
    private static final ToLongFunction<Object> NONE = message -> 0L;

    private static final ClassValue<ToLongFunction<Object>> READERS = new ClassValue<>()
    {
        @Override
        protected ToLongFunction<Object> computeValue(final Class<?> type)
        {
            return readerOf(type);
        }
    };

    /**
     * @return the request's tenant id; 0 when it has none (a control call, or not a protobuf message).
     */
    public long tenantOf(final Object message)
    {
        return message == null ? 0 : READERS.get(message.getClass()).applyAsLong(message);
    }

    private static ToLongFunction<Object> readerOf(final Class<?> type)
    {
        if (!Message.class.isAssignableFrom(type))
        {
            return NONE;
        }
        final MethodHandles.Lookup lookup = MethodHandles.lookup();
        final CallSite factory;
        try
        {
            final MethodHandle getter = lookup.findVirtual(type, GETTER, MethodType.methodType(long.class));
            factory = LambdaMetafactory.metafactory(lookup, "applyAsLong", MethodType.methodType(ToLongFunction.class),
                MethodType.methodType(long.class, Object.class), getter, MethodType.methodType(long.class, type));
        }
        catch (final ReflectiveOperationException | LambdaConversionException noGetter)
        {
            // A generated message without the getter has no single int64 tenant_id; any other (a DynamicMessage) is read
            // through its descriptor, which only the instance gives.
            return GeneratedMessageV3.class.isAssignableFrom(type) ? NONE : RequestTenants::readThroughDescriptor;
        }
        try
        {
            @SuppressWarnings("unchecked")
            final ToLongFunction<Object> reader = (ToLongFunction<Object>)factory.getTarget().invoke();
            return reader;
        }
        catch (final Throwable failed)
        {
            // A factory of no arguments that the metafactory just linked: only the JVM itself can fail here.
            throw new IllegalStateException("cannot bind " + type.getName() + "." + GETTER, failed);
        }
    }

    private static long readThroughDescriptor(final Object message)
    {
        final Message request = (Message)message;
        final Descriptors.FieldDescriptor field = request.getDescriptorForType().findFieldByName(TENANT_FIELD);
        return field != null && field.getJavaType() == Descriptors.FieldDescriptor.JavaType.LONG && !field.isRepeated()
            ? (Long)request.getField(field) : 0;
    }
}
