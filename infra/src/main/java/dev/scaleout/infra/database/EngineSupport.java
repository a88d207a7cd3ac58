package dev.scaleout.infra.database;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.cost.MySqlSupport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBMajorEngineVersion;
import software.amazon.awssdk.services.rds.model.SupportedEngineLifecycle;

/**
 * When the configured MySQL major leaves RDS standard support, from AWS's own
 * DescribeDBMajorEngineVersions where it answers (it knows dates this kit does not), else from
 * the kit's calendar ({@link MySqlSupport}), saying which. Past that date a new instance either
 * pays Extended Support (database.extendedSupport: true) or is refused by CreateDBInstance.
 */
public record EngineSupport(String major, LocalDate standardSupportEnd, String source) {

    static final String STANDARD = "open-source-rds-standard-support";

    /** AWS's dates for the config's major, or the calendar's; empty when neither knows it. */
    public static Optional<EngineSupport> read(RdsClient rds, String engineVersion) {
        String major = DbInstanceType.majorMinor(engineVersion);
        String why;
        try {
            Optional<EngineSupport> fromAws = rds
                    .describeDBMajorEngineVersions(r -> r.engine("mysql").majorEngineVersion(major))
                    .dbMajorEngineVersions()
                    .stream()
                    .filter(v -> major.equals(v.majorEngineVersion()))
                    .findFirst()
                    .flatMap(EngineSupport::standardEnd)
                    .map(end -> new EngineSupport(major, end, "DescribeDBMajorEngineVersions"));
            if (fromAws.isPresent()) {
                return fromAws;
            }
            why = "AWS listed no date for it";
        } catch (SdkException e) {
            // Not answered (an emulator without the call, no rds:DescribeDBMajorEngineVersions in the
            // user's policy): the calendar still warns, and says where its date came from.
            why = "DescribeDBMajorEngineVersions: "
                    + (e instanceof AwsServiceException a && a.awsErrorDetails() != null
                            ? a.awsErrorDetails().errorCode() + " (HTTP " + a.statusCode() + ")"
                            : e.getClass().getSimpleName());
        }
        String reason = why;
        return calendar(engineVersion)
                .map(s -> new EngineSupport(s.major(), s.standardSupportEnd(), s.source() + "; " + reason));
    }

    /** The kit's own dates (RDS User Guide), for when AWS is not asked or does not answer. */
    public static Optional<EngineSupport> calendar(String engineVersion) {
        return MySqlSupport.of(engineVersion)
                .map(s -> new EngineSupport(s.major(), s.standardSupportEnd(), "the kit's RDS calendar"));
    }

    private static Optional<LocalDate> standardEnd(DBMajorEngineVersion v) {
        return v.supportedEngineLifecycles().stream()
                .filter(l -> STANDARD.equals(l.lifecycleSupportNameAsString()))
                .map(SupportedEngineLifecycle::lifecycleSupportEndDate)
                .filter(java.util.Objects::nonNull)
                .map(i -> i.atZone(ZoneOffset.UTC).toLocalDate())
                .findFirst();
    }

    public boolean pastStandardSupport(LocalDate day) {
        return day.isAfter(standardSupportEnd);
    }

    /**
     * The plan's warning for a version past standard support on {@code day}: what it costs or
     * that AWS will refuse the create, and the fix. Empty while standard support lasts.
     */
    public Optional<String> warning(StackConfig.Database db, LocalDate day) {
        if (!pastStandardSupport(day)) {
            return Optional.empty();
        }
        String head = "database.engineVersion " + db.engineVersion() + ": MySQL " + major
                + " left RDS standard support on " + standardSupportEnd + " (" + source + "); ";
        return Optional.of(
                db.extendedSupport()
                        ? head + "the instance is enrolled in RDS Extended Support, charged per vCPU-hour"
                                + " (see the estimate): move to 8.4 to stop paying it"
                        : head + "with database.extendedSupport: false, CreateDBInstance refuses it"
                                + " (and RDS upgrades a running one): set engineVersion \"8.4\", or"
                                + " extendedSupport: true to pay for Extended Support");
    }

    /** True when apply would ask AWS for a new instance that AWS refuses: stop before any change. */
    public boolean createRefused(StackConfig.Database db, LocalDate day) {
        return pastStandardSupport(day) && !db.extendedSupport();
    }

    public static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
