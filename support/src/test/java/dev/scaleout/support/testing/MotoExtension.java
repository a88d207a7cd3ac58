package dev.scaleout.support.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One moto server for the whole test JVM (failsafe runs a module's integration tests in
 * {@code it.forks} JVMs, so one or two servers per module), started by the first class that
 * asks and stopped when the JVM's tests are done. Each class starts from an empty account: the server is reset before
 * its {@code @BeforeAll}. Classes that need a clean account per test reset it themselves.
 *
 * <pre>
 * &#64;ExtendWith(MotoExtension.class)
 * class SomethingIT {
 *     static MotoServer moto;
 *     &#64;BeforeAll static void start(MotoServer server) { moto = server; }
 * }
 * </pre>
 */
public final class MotoExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The JVM's server, started on first use; the root store closes it after the last test. */
    public static MotoServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, k -> new Shared(MotoServer.start()), Shared.class)
                .server;
    }

    private record Shared(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
