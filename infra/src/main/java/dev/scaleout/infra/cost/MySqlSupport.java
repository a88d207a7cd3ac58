package dev.scaleout.infra.cost;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RDS for MySQL's support calendar for the majors the config accepts: after the end of RDS
 * standard support a new or running instance is enrolled in RDS Extended Support (unless
 * created with EngineLifecycleSupport=open-source-rds-extended-support-disabled) and charged
 * per vCPU-hour from the next day; year 3 costs twice years 1-2; at the end of Extended
 * Support RDS upgrades the instance. Source: RDS User Guide, "Supported MySQL major versions
 * on Amazon RDS" and "Amazon RDS Extended Support charges" (charges apply to a Multi-AZ
 * standby too). Update this table when AWS publishes or moves a date.
 */
public record MySqlSupport(String major, LocalDate standardSupportEnd, LocalDate extendedSupportEnd) {

    /** Major version: end of RDS standard support, end of RDS Extended Support. */
    static final Map<String, MySqlSupport> CALENDAR = Map.of(
            "8.0", new MySqlSupport("8.0", LocalDate.of(2026, 7, 31), LocalDate.of(2029, 7, 31)),
            "8.4", new MySqlSupport("8.4", LocalDate.of(2029, 7, 31), LocalDate.of(2032, 7, 31)));

    /** The calendar entry of an engine version such as "8.0" or "8.0.39"; empty for a major not in it. */
    public static Optional<MySqlSupport> of(String engineVersion) {
        String[] parts = engineVersion == null ? new String[0] : engineVersion.split("\\.");
        return parts.length < 2 ? Optional.empty() : Optional.ofNullable(CALENDAR.get(parts[0] + "." + parts[1]));
    }

    /** Charged from the day after the end of standard support until RDS upgrades the instance. */
    boolean extendedSupportCharged(LocalDate day) {
        return day.isAfter(standardSupportEnd) && !day.isAfter(extendedSupportEnd);
    }

    /** The first day of year 3, when the price doubles. */
    LocalDate yearThreeStart() {
        return standardSupportEnd.plusDays(1).plusYears(2);
    }

    /**
     * vCPUs of a DB instance class, which Extended Support is charged by: 4 per "xlarge"
     * ("2xlarge" 8, ...); 2 for the sizes up to "large" (the burstable db.t3/db.t4g classes
     * included) and for sizes this does not know ("metal": at least that).
     */
    static int vcpus(String instanceClass) {
        Matcher m = XLARGE.matcher(instanceClass.substring(instanceClass.lastIndexOf('.') + 1));
        return m.matches() ? 4 * (m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1))) : 2;
    }

    private static final Pattern XLARGE = Pattern.compile("(\\d*)xlarge");
}
