package dev.scaleout.app.pages;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every label of the instance and fleet pages, in English; Korean in messages/msg_ko.properties.
 * Templates use {@code {msg:key}}; the language is the template instance's locale ({@link PageLanguage}).
 */
@MessageBundle(value = "msg", locale = "en")
public interface PageMessages {

    @Message("en")
    String htmlLang();

    @Message("AWS EC2 server info")
    String ec2Title();

    @Message("한국어")
    String otherLanguage();

    @Message("ko")
    String otherLanguageCode();

    @Message("Instance metadata")
    String metadata();

    @Message("Placement")
    String placement();

    @Message("Server")
    String server();

    @Message("Client")
    String client();

    @Message("Location")
    String location();

    @Message("EC2 instance")
    String onEc2();

    @Message("Probing instance metadata…")
    String probing();

    @Message("not on EC2")
    String notOnEc2();

    @Message("IMDS does not answer: showing the last good metadata, read {readAt}.")
    String imdsStale(java.time.Instant readAt);

    @Message("Instance ID")
    String instanceId();

    @Message("Instance type")
    String instanceType();

    @Message("AMI ID")
    String amiId();

    @Message("Region")
    String region();

    @Message("Availability zone")
    String availabilityZone();

    @Message("Private IPv4")
    String privateIpv4();

    @Message("Private hostname")
    String privateHostname();

    @Message("Public IPv4")
    String publicIpv4();

    @Message("Public hostname")
    String publicHostname();

    @Message("Security groups")
    String securityGroups();

    @Message("Metadata read at")
    String metadataReadAt();

    @Message("App version")
    String appVersion();

    @Message("Build")
    String build();

    @Message("commit {commit}")
    String commit(String commit);

    @Message("Uptime")
    String uptime();

    @Message("JVM")
    String jvm();

    @Message("Your address")
    String clientAddress();

    @Message("User agent")
    String userAgent();

    @Message("Served in")
    String servedIn();

    @Message("Fleet")
    String fleet();

    @Message("Fleet: {count} live")
    String fleetDocTitle(String count);

    @Message("Served by")
    String servedBy();

    @Message("At (UTC)")
    String servedAt();

    @Message("Data age")
    String dataAge();

    @Message("Live: seen within {seconds} s; refreshes every 2 s")
    String liveRule(long seconds);

    @Message("Database unreachable since {since} UTC, showing data from {from} UTC.")
    String databaseUnreachable(String since, String from);

    @Message("Live instances")
    String liveInstances();

    @Message("Recently gone")
    String recentlyGone();

    @Message("Instance")
    String instance();

    @Message("AZ")
    String az();

    @Message("Private IP")
    String privateIp();

    @Message("AMI")
    String ami();

    @Message("Version")
    String version();

    @Message("Started")
    String started();

    @Message("Last seen")
    String lastSeen();

    @Message("CPU %")
    String cpu();

    @Message("Req/s")
    String requestsPerSecond();

    @Message("Share")
    String share();

    @Message("Requests")
    String requests();

    @Message("you")
    String you();

    @Message("{age} ago")
    String ago(String age);

    @Message("No instance has sent a heartbeat yet.")
    String noLiveInstance();

    @Message("None.")
    String none();

    @Message("Fleet database unreachable")
    String databaseUnreachableTitle();

    @Message(
            "The fleet database is unreachable; this instance keeps serving its own page at /ec2meta-webpage/index.php.")
    String databaseUnreachableReason();

    @Message("This page retries every 5 s.")
    String retries();
}
