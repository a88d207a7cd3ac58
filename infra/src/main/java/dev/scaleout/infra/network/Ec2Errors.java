package dev.scaleout.infra.network;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Error codes that mean "already gone": a delete after an interrupted one counts as done. */
public final class Ec2Errors {

    private Ec2Errors() {
    }

    /** Runs a delete; "not found" means an earlier run got there first. */
    public static void ignoreNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (AwsServiceException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }

    public static boolean notFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        return code != null && (code.endsWith(".NotFound") || code.endsWith("NotFound") || code.equals("InvalidAllocationID.NotFound")
                || code.equals("InvalidAssociationID.NotFound"));
    }
}
