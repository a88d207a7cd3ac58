package dev.scaleout.infra.database;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.infra.config.StackConfigLoader;
import dev.scaleout.support.AwsClients;
import java.net.URI;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * DescribeDBMajorEngineVersions at the RDS HTTP boundary: moto does not implement it, so
 * WireMock answers as the RDS API reference documents (the Query protocol's XML, the
 * SupportedEngineLifecycle members), and with the error AWS gives a caller it refuses.
 */
class EngineSupportTest {

    WireMockServer aws;
    RdsClient rds;

    @BeforeEach
    void start() {
        aws = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        rds = new AwsClients(
                        Region.of("us-east-1"),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                        Optional.of(URI.create(aws.baseUrl())))
                .build(RdsClient.builder());
    }

    @AfterEach
    void stop() {
        rds.close();
        aws.stop();
    }

    void answer(String major, String standardEnd) {
        aws.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeDBMajorEngineVersions"))
                .willReturn(aResponse().withHeader("Content-Type", "text/xml").withBody("""
                        <DescribeDBMajorEngineVersionsResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <DescribeDBMajorEngineVersionsResult>
                            <DBMajorEngineVersions>
                              <DBMajorEngineVersion>
                                <Engine>mysql</Engine>
                                <MajorEngineVersion>%s</MajorEngineVersion>
                                <SupportedEngineLifecycles>
                                  <SupportedEngineLifecycle>
                                    <LifecycleSupportName>open-source-rds-standard-support</LifecycleSupportName>
                                    <LifecycleSupportStartDate>2024-07-01T00:00:00Z</LifecycleSupportStartDate>
                                    <LifecycleSupportEndDate>%sT00:00:00Z</LifecycleSupportEndDate>
                                  </SupportedEngineLifecycle>
                                  <SupportedEngineLifecycle>
                                    <LifecycleSupportName>open-source-rds-extended-support</LifecycleSupportName>
                                    <LifecycleSupportStartDate>%sT00:00:00Z</LifecycleSupportStartDate>
                                    <LifecycleSupportEndDate>2032-07-31T00:00:00Z</LifecycleSupportEndDate>
                                  </SupportedEngineLifecycle>
                                </SupportedEngineLifecycles>
                              </DBMajorEngineVersion>
                            </DBMajorEngineVersions>
                          </DescribeDBMajorEngineVersionsResult>
                          <ResponseMetadata><RequestId>5e3c1e5f-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
                        </DescribeDBMajorEngineVersionsResponse>
                        """.formatted(
                                major, standardEnd, standardEnd))));
    }

    static StackConfig.Database db(String yaml) {
        return StackConfigLoader.parse("database: " + yaml, "s").database();
    }

    @Test
    void awsDatesWinOverTheKitsCalendar() {
        // AWS moved the date (the calendar says 2029-07-31 for 8.4): the plan follows AWS.
        answer("8.4", "2027-01-31");
        EngineSupport s = EngineSupport.read(rds, "8.4.3").orElseThrow();

        assertThat(s.standardSupportEnd()).isEqualTo(LocalDate.of(2027, 1, 31));
        assertThat(s.source()).isEqualTo("DescribeDBMajorEngineVersions");
        assertThat(s.warning(db("{engineVersion: \"8.4.3\"}"), LocalDate.of(2027, 1, 31)))
                .isEmpty();
        assertThat(s.warning(db("{engineVersion: \"8.4.3\"}"), LocalDate.of(2027, 2, 1)))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("database.engineVersion 8.4.3")
                        .contains("left RDS standard support on 2027-01-31 (DescribeDBMajorEngineVersions)")
                        .contains("CreateDBInstance refuses it"));
        aws.verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Engine=mysql"))
                .withRequestBody(containing("MajorEngineVersion=8.4")));
    }

    @Test
    void pastStandardSupportWithoutExtendedSupportTheCreateIsRefusedWithTheFix() {
        answer("8.0", "2026-07-31");
        EngineSupport s = EngineSupport.read(rds, "8.0").orElseThrow();
        LocalDate day = LocalDate.of(2026, 12, 1);

        assertThat(s.createRefused(db("{engineVersion: \"8.0\"}"), day)).isTrue();
        assertThat(s.warning(db("{engineVersion: \"8.0\"}"), day))
                .hasValueSatisfying(
                        w -> assertThat(w).contains("set engineVersion \"8.4\"").contains("extendedSupport: true"));
        // Paying for it is allowed, and said.
        assertThat(s.createRefused(db("{engineVersion: \"8.0\", extendedSupport: true}"), day))
                .isFalse();
        assertThat(s.warning(db("{engineVersion: \"8.0\", extendedSupport: true}"), day))
                .hasValueSatisfying(w -> assertThat(w).contains("enrolled in RDS Extended Support"));
    }

    @Test
    void whenAwsRefusesTheCallTheCalendarStillWarnsAndSaysWhy() {
        aws.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("""
                        <ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">
                          <Error><Type>Sender</Type><Code>AccessDenied</Code>
                            <Message>User is not authorized to perform: rds:DescribeDBMajorEngineVersions</Message></Error>
                          <RequestId>5e3c1e5f-0000-4000-8000-000000000002</RequestId>
                        </ErrorResponse>
                        """)));
        EngineSupport s = EngineSupport.read(rds, "8.0.39").orElseThrow();

        assertThat(s.standardSupportEnd()).isEqualTo(LocalDate.of(2026, 7, 31));
        assertThat(s.source()).contains("the kit's RDS calendar").contains("AccessDenied (HTTP 403)");
        assertThat(s.warning(db("{engineVersion: \"8.0.39\"}"), LocalDate.of(2026, 8, 1)))
                .isPresent();
    }

    @Test
    void theDefault84IsInStandardSupportNow() {
        answer("8.4", "2029-07-31");
        StackConfig.Database defaults = StackConfig.defaults().database();
        EngineSupport s = EngineSupport.read(rds, defaults.engineVersion()).orElseThrow();

        assertThat(defaults.engineVersion()).isEqualTo("8.4");
        assertThat(s.warning(defaults, LocalDate.of(2026, 12, 1))).isEmpty();
        assertThat(defaults.extendedSupport()).isFalse();
        assertThat(DbInstanceType.lifecycle(defaults.extendedSupport()))
                .isEqualTo("open-source-rds-extended-support-disabled");
    }
}
