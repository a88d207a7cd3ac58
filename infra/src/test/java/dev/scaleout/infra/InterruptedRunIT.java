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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * For every k: a run stopped after k mutating calls, then a full run. Apply must converge
 * with exactly one of everything; destroy must leave nothing. Against one moto, each k
 * in a stack of its own (name and prefix), which is what keeps the whole run to a minute or two.
 */
@ExtendWith(MotoExtension.class)
class InterruptedRunIT {

    static MotoServer moto;
    /** Every k by default; -Dinfra.interruptStep=4 takes every 4th, for a quicker run. */
    static final int STEP = Integer.getInteger("infra.interruptStep", 1);
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
        int total = fullApplyMutations();
        for (int k = 0; k < total; k += STEP) {
            assertApplyConverges(TestStacks.config("a" + k, "a" + k), k, false);
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
            assertThat(plan.changes()).as("run %d: no twins\n%s", runs, PlanPrinter.render(plan))
                    .noneMatch(c -> c.action() == Change.Action.DELETE);
            if (plan.isEmpty()) {
                break;
            }
            assertThat(catchThrowable(() -> run.apply(plan, found))).as("run %d is cut", runs).isNotNull();
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
        AwsClients counting = moto.clients();
        StackRun full = TestStacks.run(whole, counting);
        assertThat(full.destroy(full.discover())).isEmpty();
        int total = counting.calls().mutating();

        for (int k = 0; k < total; k += STEP) {
            freshStackRoom();
            StackConfig config = TestStacks.config("d" + k, "d" + k);
            TestStacks.apply(TestStacks.run(config, moto.clients()));
            StackRun cut = TestStacks.run(config, moto.clients().intercept(new Interrupter(k, false)));
            assertThat(catchThrowable(() -> cut.destroy(cut.discover()))).as("destroy cut at k=%d of %d", k, total).isNotNull();
            StackRun again = TestStacks.run(config, moto.clients());
            assertThat(again.destroy(again.discover())).as("left after k=%d", k).isEmpty();
        }
    }

    private static int fullApplyMutations() {
        AwsClients clients = moto.clients();
        String name = "full" + FULL_RUNS.incrementAndGet();
        TestStacks.apply(TestStacks.run(TestStacks.config(name, name), clients));
        int total = clients.calls().mutating();
        assertThat(total).isGreaterThan(30);
        return total;
    }

    private static void assertApplyConverges(StackConfig config, int k, boolean answerLost) {
        freshStackRoom();
        StackRun cut = TestStacks.run(config, moto.clients().intercept(new Interrupter(k, answerLost)));
        assertThat(catchThrowable(() -> TestStacks.apply(cut))).as("apply stopped at k=%d", k).isNotNull();

        AwsClients clients = moto.clients();
        StackRun again = TestStacks.run(config, clients);
        Discovery.Found found = again.discover();
        Plan plan = again.plan(found);
        assertThat(plan.changes()).as("k=%d: no twins were made\n%s", k, PlanPrinter.render(plan))
                .noneMatch(c -> c.action() == Change.Action.DELETE);
        again.apply(plan, found);
        assertOneOfEach(again);
    }

    /** Every spec exists once by its Name tag, and a new plan has nothing to do. */
    private static void assertOneOfEach(StackRun run) {
        Discovery.Found after = run.discover();
        Map<String, Long> perName = after.all().stream().collect(Collectors.groupingBy(Actual::key, Collectors.counting()));
        assertThat(perName).as("%s: one of each", run.scope().stack()).allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1L));
        assertThat(perName.keySet()).as("%s: everything", run.scope().stack())
                .containsExactlyInAnyOrderElementsOf(run.specs().stream().map(s -> s.key()).toList());
        Plan settled = run.plan(after);
        assertThat(settled.isEmpty()).as("%s converged:\n%s", run.scope().stack(), PlanPrinter.render(settled)).isTrue();
    }
}
