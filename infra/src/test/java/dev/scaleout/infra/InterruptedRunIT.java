package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs stopped after k mutating calls, then a full run. Apply must converge with exactly one
 * of everything; destroy must leave nothing. Against one moto, each k in a stack of its own
 * (name and prefix). The k are the cut before the first call of each operation the full run
 * makes, so every resource type's create (and delete), and each follow-up call such as a
 * tagging or an attribute change, is cut once; -Dinfra.interruptAll=true takes every k.
 */
@ExtendWith(MotoExtension.class)
class InterruptedRunIT {

    static MotoServer moto;
    static final boolean EVERY_K = Boolean.getBoolean("infra.interruptAll");
    static int stacksSinceReset;

    /**
     * A fresh stack per k keeps moto's resets (seconds each) rare, but moto's describes slow
     * down as stacks pile up (each ASG adds an instance): reset every few stacks.
     */
    static void freshStackRoom() {
        if (++stacksSinceReset >= 6) {
            moto.reset();
            stacksSinceReset = 0;
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger FULL_RUNS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    @Test
    void applyStoppedAfterEveryCallConvergesWithoutDuplicates() {
        for (int k : cutPoints(fullApplyMutations())) {
            assertApplyConverges(TestStacks.config("a" + k, "a" + k), k);
        }
    }

    /**
     * Call by call: every run lets one mutating call through and loses its answer (the
     * resource is made, the run never sees its id), until a run finishes. Each cut point of
     * the apply is passed once, and no run may find a twin to clean up.
     */
    @Test
    void applyLosingEveryAnswerConvergesCallByCallWithoutDuplicates() {
        StackConfig config = TestStacks.config("lost", "lost");
        int runs = 0;
        while (true) {
            runs++;
            assertThat(runs).as("runs").isLessThan(200);
            StackRun run = TestStacks.run(config, moto.clients().intercept(new Interrupter(1, true)));
            Discovery.Found found = run.discover();
            Plan plan = run.plan(found);
            assertThat(plan.changes())
                    .as("run %d: no twins\n%s", runs, PlanPrinter.render(plan))
                    .noneMatch(c -> c.action() == Change.Action.DELETE);
            if (plan.isEmpty()) {
                break;
            }
            assertStoppedByTheCut(
                    catchThrowable(() -> run.apply(plan, found)),
                    "answer of \\w+ \\(mutating call 1\\) lost",
                    "run " + runs);
        }
        assertThat(runs).isGreaterThan(30);
        assertOneOfEach(TestStacks.run(config, moto.clients()));
    }

    /**
     * Run after run on one stack: run i is cut after i mutating calls, until one finishes;
     * nothing may be left. (Not one call per run: a delete may repeat a harmless call first,
     * such as the iam type's DeleteInstanceProfile for a profile an earlier run removed.)
     */
    @Test
    void destroyStoppedAfterEveryCallFinishesOnTheNextRun() {
        StackConfig config = TestStacks.config("dcut", "dcut");
        TestStacks.apply(TestStacks.run(config, moto.clients()));
        int runs = 0;
        while (true) {
            runs++;
            StackRun run = TestStacks.run(config, moto.clients().intercept(new Interrupter(runs, false)));
            Discovery.Found found = run.discover();
            if (found.all().isEmpty()) {
                break;
            }
            assertThat(runs).as("destroy makes progress; left: %s", found.all()).isLessThan(200);
            // Cut, or (once the allowance covers what is left) finished: the next look tells.
            catchThrowable(() -> run.destroy(found));
        }
        assertThat(runs).isGreaterThan(5);
        StackRun last = TestStacks.run(config, moto.clients());
        assertThat(last.destroy(last.discover())).isEmpty();
    }

    /** For every k of a whole destroy: a fresh stack, destroy stopped after k calls, then destroy again. */
    @Test
    void destroyStoppedAfterEachKThenRunAgainLeavesNothing() {
        StackConfig whole = TestStacks.config("dfull", "dfull");
        TestStacks.apply(TestStacks.run(whole, moto.clients()));
        Interrupter.Recorder recorder = new Interrupter.Recorder();
        StackRun full = TestStacks.run(whole, moto.clients().intercept(recorder));
        assertThat(full.destroy(full.discover())).isEmpty();
        List<String> calls = recorder.mutating();

        for (int k : cutPoints(calls)) {
            freshStackRoom();
            StackConfig config = TestStacks.config("d" + k, "d" + k);
            TestStacks.apply(TestStacks.run(config, moto.clients()));
            StackRun cut = TestStacks.run(config, moto.clients().intercept(new Interrupter(k, false)));
            assertStoppedByTheCut(
                    catchThrowable(() -> cut.destroy(cut.discover())),
                    beforeCall(k),
                    "destroy cut at k=" + k + " of " + calls.size() + ", before " + calls.get(k));
            StackRun again = TestStacks.run(config, moto.clients());
            assertThat(again.destroy(again.discover())).as("left after k=%d", k).isEmpty();
        }
    }

    /** The mutating calls of a whole apply, in order. */
    private static List<String> fullApplyMutations() {
        Interrupter.Recorder recorder = new Interrupter.Recorder();
        String name = "full" + FULL_RUNS.incrementAndGet();
        TestStacks.apply(
                TestStacks.run(TestStacks.config(name, name), moto.clients().intercept(recorder)));
        assertThat(recorder.mutating()).hasSizeGreaterThan(30);
        return recorder.mutating();
    }

    /** Where to cut a run of these calls: before the first call of each operation (every k with -Dinfra.interruptAll). */
    static List<Integer> cutPoints(List<String> calls) {
        Set<String> seen = new HashSet<>();
        return IntStream.range(0, calls.size())
                .filter(k -> EVERY_K || seen.add(calls.get(k)))
                .boxed()
                .toList();
    }

    /** The Interrupter's message for a run let through k mutating calls (the next call, read or not, is refused). */
    private static String beforeCall(int k) {
        return "interrupted before \\w+ after " + k + " mutating calls";
    }

    /** The run ended at the cut, not with some other failure on the way: the Interrupter's exception is in the chain. */
    private static void assertStoppedByTheCut(Throwable thrown, String messagePattern, String what) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        assertThat(chain)
                .as(what + ": stopped by the cut")
                .anySatisfy(t -> assertThat(t)
                        .isExactlyInstanceOf(Interrupter.Interrupted.class)
                        .hasMessageMatching(messagePattern));
    }

    private static void assertApplyConverges(StackConfig config, int k) {
        freshStackRoom();
        StackRun cut = TestStacks.run(config, moto.clients().intercept(new Interrupter(k, false)));
        assertStoppedByTheCut(catchThrowable(() -> TestStacks.apply(cut)), beforeCall(k), "apply stopped at k=" + k);

        AwsClients clients = moto.clients();
        StackRun again = TestStacks.run(config, clients);
        Discovery.Found found = again.discover();
        Plan plan = again.plan(found);
        assertThat(plan.changes())
                .as("k=%d: no twins were made\n%s", k, PlanPrinter.render(plan))
                .noneMatch(c -> c.action() == Change.Action.DELETE);
        again.apply(plan, found);
        assertOneOfEach(again);
    }

    /** Every spec exists once by its Name tag, and a new plan has nothing to do. */
    private static void assertOneOfEach(StackRun run) {
        Discovery.Found after = run.discover();
        Map<String, Long> perName =
                after.all().stream().collect(Collectors.groupingBy(Actual::key, Collectors.counting()));
        assertThat(perName)
                .as("%s: one of each", run.scope().stack())
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1L));
        assertThat(perName.keySet())
                .as("%s: everything", run.scope().stack())
                .containsExactlyInAnyOrderElementsOf(
                        run.specs().stream().map(s -> s.key()).toList());
        Plan settled = run.plan(after);
        assertThat(settled.isEmpty())
                .as("%s converged:\n%s", run.scope().stack(), PlanPrinter.render(settled))
                .isTrue();
    }
}
