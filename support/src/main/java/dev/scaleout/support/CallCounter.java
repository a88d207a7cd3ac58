package dev.scaleout.support;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts AWS calls by service and operation, at the SDK's interceptor, so a run can say
 * how many reads and mutating calls it made (and tests can assert a re-run mutates nothing).
 */
public final class CallCounter implements ExecutionInterceptor {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(service + ":" + operation, k -> new AtomicInteger())
                .incrementAndGet();
    }

    /**
     * Exports that only return text: EC2's other Export* calls start export tasks and write
     * elsewhere (ExportImage, ExportTransitGatewayRoutes), so the verb alone does not say.
     */
    private static final Set<String> READ_EXPORTS =
            Set.of("ExportClientVpnClientConfiguration", "ExportClientVpnClientCertificateRevocationList");

    /** Describe*, List*, Get*, Head* and the like change nothing. */
    public static boolean isRead(String operation) {
        return operation.matches("(Describe|List|Get|Head|Search|Lookup|Batch[Gg]et|Check|Validate).*")
                || READ_EXPORTS.contains(operation);
    }

    public int reads() {
        return count(true);
    }

    public int mutating() {
        return count(false);
    }

    /** "service:Operation" → count, sorted, for reports. */
    public Map<String, Integer> byOperation() {
        Map<String, Integer> sorted = new TreeMap<>();
        calls.forEach((k, v) -> sorted.put(k, v.get()));
        return sorted;
    }

    private int count(boolean reads) {
        return calls.entrySet().stream()
                .filter(e -> isRead(e.getKey().substring(e.getKey().indexOf(':') + 1)) == reads)
                .mapToInt(e -> e.getValue().get())
                .sum();
    }
}
