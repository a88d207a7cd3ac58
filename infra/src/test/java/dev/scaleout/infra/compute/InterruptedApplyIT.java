package dev.scaleout.infra.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.engine.Actual;
import dev.scaleout.infra.engine.Change;
import dev.scaleout.infra.engine.Discovery;
import dev.scaleout.infra.engine.Plan;
import dev.scaleout.infra.engine.PlanPrinter;
import dev.scaleout.infra.engine.Planner;
import dev.scaleout.infra.engine.ManagedType;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.CallCounter;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An apply stopped before any one of this package's mutating calls (role, policies, profile,
 * DB, target groups, ALB, listeners, launch template, group, policy, metrics) and run again
 * converges: nothing twice, and a third run plans nothing.
 */
@ExtendWith(MotoExtension.class)
class InterruptedApplyIT {

    static MotoServer moto;
    final ResourceTypesUnderTheEngineIT stack = new ResourceTypesUnderTheEngineIT();
    final StackConfig config = ResourceTypesUnderTheEngineIT.config(StackConfig.defaults().dns());

    @BeforeAll
    static void start(MotoServer server) {
        moto = server;
    }

    /** Records the mutating calls, and fails the (k+1)-th before it reaches AWS. */
    static final class StopAfter implements ExecutionInterceptor {
        final int allowed;
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger count = new AtomicInteger();

        StopAfter(int allowed) {
            this.allowed = allowed;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (!CallCounter.isRead(operation)) {
                seen.add(operation);
                if (count.incrementAndGet() > allowed) {
                    throw new IllegalStateException("stopped before " + operation);
                }
            }
        }
    }

    @Test
    void everyStopInThisPackagesCallsConverges() {
        moto.reset();
        StopAfter recorder = new StopAfter(Integer.MAX_VALUE);
        stack.apply(moto.clients().intercept(recorder), config);
        List<String> calls = new ArrayList<>(recorder.seen);
        int first = calls.indexOf("CreateRole");
        assertThat(first).isPositive();
        System.out.println("stops before: " + calls.subList(first, calls.size()));

        for (int k = first; k < calls.size(); k++) {
            moto.reset();
            int allowed = k;
            AwsClients cut = moto.clients().intercept(new StopAfter(allowed));
            // the run ends with the interceptor's stop, not with some other failure on the way
            String stop = "stopped before " + calls.get(k);
            Throwable stopped = catchThrowable(() -> stack.apply(cut, config));
            assertThat(causes(stopped)).as(stop).anySatisfy(c -> assertThat(c)
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessage(stop));

            AwsClients clients = moto.clients();
            stack.apply(clients, config);
            Map<String, ManagedType> types = stack.types(clients, config);
            Discovery.Found found = Discovery.discover(types, stack.scope);
            Set<String> keys = new HashSet<>();
            for (Actual a : found.all()) {
                assertThat(keys.add(a.key())).as("after a stop before call %d (%s): %s twice", k, calls.get(k), a.key()).isTrue();
            }
            Plan plan = Planner.plan(ResourceTypesUnderTheEngineIT.specs(config), found);
            assertThat(plan.changes().stream().filter(c -> c.action() != Change.Action.NOOP).toList())
                    .as("after a stop before call %d (%s):%n%s", k, calls.get(k), PlanPrinter.render(plan)).isEmpty();
        }
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
