package dev.scaleout.infra.database;

import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * What instances need to reach the database: host, port and the ARN of the secret RDS keeps
 * the master password in (never the password). The launch template reads it by the
 * db-instance's id (its identifier) once the instance exists.
 */
public record DbConnection(String host, int port, String secretArn) {

    public static DbConnection read(RdsClient rds, String identifier) {
        DBInstance db = AwsCall.call(
                "DescribeDBInstances",
                identifier,
                () -> rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier))
                        .dbInstances()
                        .get(0));
        return of(db);
    }

    /** The connection if the instance exists and has its endpoint and secret yet (it has none while creating). */
    public static Optional<DbConnection> find(RdsClient rds, String identifier) {
        try {
            DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier(identifier))
                    .dbInstances()
                    .get(0);
            boolean complete = db.endpoint() != null
                    && db.endpoint().address() != null
                    && db.masterUserSecret() != null
                    && db.masterUserSecret().secretArn() != null;
            return complete ? Optional.of(of(db)) : Optional.empty();
        } catch (DbInstanceNotFoundException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw ExitException.aws("DescribeDBInstances", identifier, e);
        }
    }

    static DbConnection of(DBInstance db) {
        if (db.endpoint() == null || db.endpoint().address() == null) {
            throw ExitException.failure("database " + db.dbInstanceIdentifier() + " has no endpoint yet (it is "
                    + db.dbInstanceStatus() + "); run apply again when it is available");
        }
        if (db.masterUserSecret() == null || db.masterUserSecret().secretArn() == null) {
            throw ExitException.failure("database " + db.dbInstanceIdentifier()
                    + " has no RDS-managed master secret; it must be created with ManageMasterUserPassword");
        }
        return new DbConnection(
                db.endpoint().address(),
                db.endpoint().port(),
                db.masterUserSecret().secretArn());
    }
}
