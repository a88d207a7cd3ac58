package dev.scaleout.infra;

import dev.scaleout.support.CallCounter;
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

    private final int allowed;
    private final AtomicInteger mutating = new AtomicInteger();

    Interrupter(int allowed) {
        this.allowed = allowed;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (!CallCounter.isRead(operation) && mutating.incrementAndGet() > allowed) {
            throw new Interrupted("interrupted before mutating call " + mutating.get() + " (" + operation + ")");
        }
    }
}
