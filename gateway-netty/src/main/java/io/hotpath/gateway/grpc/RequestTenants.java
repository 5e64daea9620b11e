package io.hotpath.gateway.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.ToLongFunction;

/**
 * Reads the tenant a request acts for: its {@code tenant_id} field, found through the message's
 * descriptor, so that every service's requests are read alike without a list of them to keep.
 *
 * <p>Each message class gets a reader once, on its first request: for a generated message, a function bound to its own
 * {@code getTenantId()}, which the JIT calls as it calls any getter. Protobuf's reflective {@code getField} would
 * instead invoke that getter through {@code java.lang.reflect} on every call, with its access checks, and box the id
 * (an allocation on the event loop for any id above 127). A message without a generated getter (a
 * {@code DynamicMessage}) is read through its descriptor.
 *
 * <p>Thread-safe.
 */
public final class RequestTenants
{
    private static final String TENANT_FIELD = "tenant_id";
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
        final Descriptors.Descriptor descriptor = generatedDescriptor(type);
        if (descriptor == null)
        {
            return RequestTenants::readThroughDescriptor;
        }
        final Descriptors.FieldDescriptor field = tenantField(descriptor);
        if (field == null)
        {
            return NONE;
        }
        final String json = field.getJsonName();
        final String getter = "get" + Character.toUpperCase(json.charAt(0)) + json.substring(1);
        final MethodHandles.Lookup lookup = MethodHandles.lookup();
        final CallSite factory;
        try
        {
            final MethodHandle target = lookup.findVirtual(type, getter, MethodType.methodType(long.class));
            factory = LambdaMetafactory.metafactory(lookup, "applyAsLong", MethodType.methodType(ToLongFunction.class),
                MethodType.methodType(long.class, Object.class), target, MethodType.methodType(long.class, type));
        }
        catch (final ReflectiveOperationException | LambdaConversionException notGenerated)
        {
            return RequestTenants::readThroughDescriptor;
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
            throw new IllegalStateException("cannot bind " + type.getName() + "." + getter, failed);
        }
    }

    /**
     * @return the descriptor a generated message class gives from its static {@code getDescriptor()}, or null.
     */
    private static Descriptors.Descriptor generatedDescriptor(final Class<?> type)
    {
        try
        {
            final Method method = type.getMethod("getDescriptor");
            return Modifier.isStatic(method.getModifiers()) && method.invoke(null) instanceof Descriptors.Descriptor descriptor
                ? descriptor : null;
        }
        catch (final ReflectiveOperationException | IllegalArgumentException notGenerated)
        {
            return null;
        }
    }

    private static long readThroughDescriptor(final Object message)
    {
        final Message request = (Message)message;
        final Descriptors.FieldDescriptor field = tenantField(request.getDescriptorForType());
        return field == null ? 0 : (Long)request.getField(field);
    }

    private static Descriptors.FieldDescriptor tenantField(final Descriptors.Descriptor descriptor)
    {
        final Descriptors.FieldDescriptor field = descriptor.findFieldByName(TENANT_FIELD);
        return field != null && field.getJavaType() == Descriptors.FieldDescriptor.JavaType.LONG && !field.isRepeated() ? field : null;
    }
}
