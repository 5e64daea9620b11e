package io.hotpath.gateway.grpc;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A bound service with its methods bound again: grpc-java checks that a definition's methods are the very descriptors of
 * its service, so changing one method (its marshallers, its handler) means a new service descriptor with the same name
 * and schema (server reflection reads the schema) and every method in it.
 */
final class ServiceBindings
{
    private ServiceBindings()
    {
    }

    /**
     * @param each gives the method as it is to be bound instead, or the same one.
     * @return {@code service}, its name and schema kept, with each method as {@code each} gives it.
     */
    static ServerServiceDefinition rebind(final ServerServiceDefinition service, final UnaryOperator<ServerMethodDefinition<?, ?>> each)
    {
        final ServiceDescriptor original = service.getServiceDescriptor();
        final ServiceDescriptor.Builder descriptor =
            ServiceDescriptor.newBuilder(original.getName()).setSchemaDescriptor(original.getSchemaDescriptor());
        final List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (final ServerMethodDefinition<?, ?> method : service.getMethods())
        {
            final ServerMethodDefinition<?, ?> rebound = each.apply(method);
            descriptor.addMethod(rebound.getMethodDescriptor());
            methods.add(rebound);
        }
        final ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }
}
