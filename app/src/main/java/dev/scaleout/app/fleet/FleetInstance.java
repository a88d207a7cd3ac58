package dev.scaleout.app.fleet;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One instance of the fleet as its last heartbeat left it (table made by Liquibase). */
@Entity
@Table(name = "fleet_instance")
public class FleetInstance extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Column(name = "availability_zone")
    public String availabilityZone;

    @Column(name = "private_ip")
    public String privateIp;

    @Column(name = "ami_id")
    public String amiId;

    @Column(name = "app_version")
    public String appVersion;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "last_seen")
    public Instant lastSeen;

    @Column(name = "cpu_percent")
    public Double cpuPercent;

    @Column(name = "requests_last_beat")
    public long requestsLastBeat;

    @Column(name = "requests_total")
    public long requestsTotal;

    /** The app process that wrote this row last. */
    @Column(name = "run_id")
    public String runId;

    /** Requests of that process already included in {@link #requestsTotal}. */
    @Column(name = "run_requests")
    public long runRequests;
}
