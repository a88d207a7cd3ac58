package dev.scaleout.infra.operate.demo;

import dev.scaleout.support.ExitException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads the stress API's token from the SSM SecureString the instances read at boot. The
 * value is returned, never printed: messages name the parameter only.
 */
public final class StressToken {

    private StressToken() {}

    public static String read(SsmClient ssm, String parameter) {
        String value;
        try {
            value = ssm.getParameter(r -> r.name(parameter).withDecryption(true))
                    .parameter()
                    .value();
        } catch (ParameterNotFoundException e) {
            throw ExitException.userError(
                    "SSM parameter " + parameter + " (instances.stressTokenParameter) does not exist: "
                            + "create it with 'aws ssm put-parameter --type SecureString --name " + parameter
                            + " --value <token>' and apply, so the instances read the same token");
        } catch (SdkException e) {
            throw ExitException.aws("GetParameter", parameter, e);
        }
        if (value == null || value.isBlank()) {
            throw ExitException.userError("SSM parameter " + parameter + " (instances.stressTokenParameter) is empty: "
                    + "put the stress token in it");
        }
        return value.trim(); // the app trims the configured token too
    }
}
