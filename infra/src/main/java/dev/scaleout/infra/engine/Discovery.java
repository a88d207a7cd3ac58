package dev.scaleout.infra.engine;

import dev.scaleout.support.TaskFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What exists: one batched describe per resource type (by the {@code Stack} tag), then the
 * ids inside every setting turned into {@code @type/name}, so a found subnet's
 * {@code vpc=vpc-0abc} reads {@code vpc=@vpc/my-vpc} like its spec.
 */
public final class Discovery {

    /**
     * The found resources of each type in creation order (every type it was given, none left
     * out, so a plan follows that order), and the ids of those the plan keeps.
     */
    public record Found(Map<String, List<Actual>> byType, IdRefs refs, Map<Actual, Actual> raw) {

        public static Found empty() {
            return new Found(Map.of(), new IdRefs(), Map.of());
        }

        /** The resource as its type described it, ids not turned into references: what delete gets. */
        public Actual raw(Actual translated) {
            return raw.getOrDefault(translated, translated);
        }

        public List<Actual> all() {
            return byType.values().stream().flatMap(List::stream).toList();
        }
    }

    private Discovery() {}

    /**
     * The types' describes are independent of each other, so they run side by side (the SDK
     * clients are thread-safe): the wall time of a plan is that of the slowest type, not the sum.
     * {@code types} are by type word, in creation order.
     */
    public static Found discover(Map<String, ManagedType> types, StackScope scope) {
        Map<String, Future<List<Actual>>> pending = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "discover");
            t.setDaemon(true);
            return t;
        });
        try {
            types.forEach((type, managed) -> pending.put(type, pool.submit(() -> managed.discover(scope))));
            Map<String, List<Actual>> raw = new LinkedHashMap<>();
            for (Map.Entry<String, Future<List<Actual>>> e : pending.entrySet()) {
                List<Actual> found = new ArrayList<>(await(e.getValue()));
                // Stable: of same-named twins the one AWS lists first is kept, the others deleted.
                found.sort(Comparator.comparing(Actual::name, Comparator.nullsLast(Comparator.naturalOrder())));
                raw.put(e.getKey(), found);
            }
            return translate(raw);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final int THREADS = 8;

    /** The type's own exception (an SDK error, an ExitException), as if it had run on this thread. */
    private static List<Actual> await(Future<List<Actual>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw TaskFailure.rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while discovering", e);
        }
    }

    static Found translate(Map<String, List<Actual>> raw) {
        IdRefs refs = new IdRefs();
        raw.forEach((type, actuals) -> {
            for (Actual a : actuals) {
                if (a.name() != null && !refs.has(type, a.name())) {
                    refs.put(type, a.name(), a.id());
                }
            }
        });
        Map<String, List<Actual>> byType = new LinkedHashMap<>();
        Map<Actual, Actual> untranslated = new java.util.IdentityHashMap<>();
        raw.forEach((type, actuals) -> byType.put(
                type,
                actuals.stream()
                        .map(a -> {
                            Map<String, String> settings = new TreeMap<>();
                            a.settings().forEach((k, v) -> settings.put(k, refs.toRefs(v, a.id())));
                            Actual translated = Actual.of(a.type(), a.name(), a.id(), settings, a.state());
                            untranslated.put(translated, a);
                            return translated;
                        })
                        .toList()));
        return new Found(byType, refs, untranslated);
    }
}
