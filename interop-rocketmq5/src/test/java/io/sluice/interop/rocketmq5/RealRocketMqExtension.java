package io.sluice.interop.rocketmq5;

import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link RealRocketMqCluster} per test run (shared by every test class that uses this
 * extension) and stops it when the run ends, through JUnit's root store. Inject it as a test
 * constructor, method or lifecycle-method parameter.
 */
public final class RealRocketMqExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealRocketMqExtension.class);

    private record Holder(RealRocketMqCluster cluster)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealRocketMqCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("cluster", key -> start(), Holder.class)
                .cluster();
    }

    private static Holder start() {
        try {
            return new Holder(RealRocketMqCluster.start(Duration.ofSeconds(90)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting RocketMQ", e);
        }
    }
}
