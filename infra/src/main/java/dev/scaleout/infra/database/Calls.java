package dev.scaleout.infra.database;

import dev.scaleout.support.ExitException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Every AWS call of this package goes through here, so a failure names the operation, the resource and AWS's code. */
final class Calls {

    private Calls() {
    }

    static <T> T call(String operation, String resource, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw ExitException.aws(operation, resource, e);
        }
    }

    static void run(String operation, String resource, Runnable call) {
        call(operation, resource, () -> {
            call.run();
            return null;
        });
    }
}
