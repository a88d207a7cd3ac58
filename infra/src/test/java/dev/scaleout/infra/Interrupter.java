package dev.scaleout.infra;

import dev.scaleout.support.CallCounter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Cuts a run short: the (k+1)-th mutating call fails before it reaches AWS, as if the process died there. */
final class Interrupter implements ExecutionInterceptor {

    static final class Interrupted extends RuntimeException {
        Interrupted(String message) {
            super(message);
        }
    }

    /** Lets every call through and notes the mutating ones, in order: the run to cut later. */
    static final class Recorder implements ExecutionInterceptor {
        private final List<String> mutating = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (!CallCounter.isRead(operation)) {
                mutating.add(operation);
            }
        }

        List<String> mutating() {
            return List.copyOf(mutating);
        }
    }

    private final int allowed;
    private final boolean afterLastCall;
    private final AtomicInteger mutating = new AtomicInteger();

    /**
     * {@code afterLastCall}: the k-th mutating call reaches AWS but its answer is lost (the
     * worst case: a resource made whose id the run never saw); otherwise the (k+1)-th call
     * fails before it is sent.
     */
    Interrupter(int allowed, boolean afterLastCall) {
        this.allowed = allowed;
        this.afterLastCall = afterLastCall;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (mutating.get() >= allowed) {
            throw new Interrupted("interrupted before " + operation + " after " + allowed + " mutating calls");
        }
        if (!CallCounter.isRead(operation)) {
            mutating.incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (afterLastCall && !CallCounter.isRead(operation) && mutating.get() == allowed) {
            throw new Interrupted("answer of " + operation + " (mutating call " + allowed + ") lost");
        }
    }
}
