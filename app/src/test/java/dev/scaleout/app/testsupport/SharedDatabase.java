package dev.scaleout.app.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * One database server for the whole test JVM, started on first use and stopped when the JVM
 * exits. Each app under test (one per test profile or set of test resources) loads the test
 * classes in a class loader of its own, so a static field there would start a server per app
 * (about 8 s each, 15 in a full run). The server is held by this class as the JVM's system
 * class loader loads it, which every app's loader can reach; the copies in the apps' loaders
 * forward to it. Each user takes a database of its own on it ({@link TestDatabase#createDatabase()}),
 * so no app sees the rows of an earlier one.
 */
public final class SharedDatabase {

    private static TestDatabase server; // only ever set in the system class loader's copy

    private SharedDatabase() {}

    /** The JVM's server, started on first use. */
    public static TestDatabase get() {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (SharedDatabase.class.getClassLoader() == system) {
            return serverOfThisJvm();
        }
        Object held;
        try {
            held = Class.forName(SharedDatabase.class.getName(), true, system)
                    .getMethod("serverOfThisJvm")
                    .invoke(null);
        } catch (InvocationTargetException e) {
            throw unchecked(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "the system class loader does not see the test classes (" + e + "): run the tests with"
                            + " surefire/failsafe's default class path",
                    e);
        }
        return forwardTo(held);
    }

    /** Public for the reflective call in {@link #get()}; use that. */
    public static synchronized TestDatabase serverOfThisJvm() {
        if (server == null) {
            // Service lookups (Testcontainers' Docker check) must see the classes this loader sees.
            Thread thread = Thread.currentThread();
            ClassLoader caller = thread.getContextClassLoader();
            thread.setContextClassLoader(SharedDatabase.class.getClassLoader());
            try {
                TestDatabase started = TestDatabase.start(
                        "test-mariadb-" + ProcessHandle.current().pid());
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-database-close"));
                server = started;
            } finally {
                thread.setContextClassLoader(caller);
            }
        }
        return server;
    }

    /** A TestDatabase of the caller's class loader that calls the same methods on {@code target}. */
    private static TestDatabase forwardTo(Object target) {
        return (TestDatabase) Proxy.newProxyInstance(
                TestDatabase.class.getClassLoader(), new Class<?>[] {TestDatabase.class}, (proxy, method, args) -> {
                    Method same = target.getClass().getMethod(method.getName(), method.getParameterTypes());
                    same.setAccessible(true); // the implementations are package-private classes
                    try {
                        return same.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
