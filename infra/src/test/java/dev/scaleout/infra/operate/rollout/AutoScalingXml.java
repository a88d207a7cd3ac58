package dev.scaleout.infra.operate.rollout;

/**
 * Auto Scaling's Query-protocol answers for the instance refresh calls moto does not
 * implement, shaped as the API reference documents them (namespace, Result wrapper,
 * {@code member} list items, ResponseMetadata).
 */
public final class AutoScalingXml {

    static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private AutoScalingXml() {}

    static String startInstanceRefresh(String refreshId) {
        return "<StartInstanceRefreshResponse xmlns=\"" + NS + "\">\n"
                + "  <StartInstanceRefreshResult>\n"
                + "    <InstanceRefreshId>" + refreshId + "</InstanceRefreshId>\n"
                + "  </StartInstanceRefreshResult>\n"
                + "  <ResponseMetadata><RequestId>7c6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId></ResponseMetadata>\n"
                + "</StartInstanceRefreshResponse>\n";
    }

    static String describeInstanceRefreshes(
            String group, String refreshId, String status, String reason, int percent, int toUpdate) {
        return "<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\">\n"
                + "  <DescribeInstanceRefreshesResult>\n"
                + "    <InstanceRefreshes>\n"
                + "      <member>\n"
                + "        <InstanceRefreshId>" + refreshId + "</InstanceRefreshId>\n"
                + "        <AutoScalingGroupName>" + group + "</AutoScalingGroupName>\n"
                + "        <Status>" + status + "</Status>\n"
                + (reason == null ? "" : "        <StatusReason>" + reason + "</StatusReason>\n")
                + "        <StartTime>2026-11-26T01:20:00Z</StartTime>\n"
                + "        <PercentageComplete>" + percent + "</PercentageComplete>\n"
                + "        <InstancesToUpdate>" + toUpdate + "</InstancesToUpdate>\n"
                + "        <Preferences>\n"
                + "          <MinHealthyPercentage>50</MinHealthyPercentage>\n"
                + "          <InstanceWarmup>60</InstanceWarmup>\n"
                + "          <SkipMatching>true</SkipMatching>\n"
                + "        </Preferences>\n"
                + "      </member>\n"
                + "    </InstanceRefreshes>\n"
                + "  </DescribeInstanceRefreshesResult>\n"
                + "  <ResponseMetadata><RequestId>8d6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId></ResponseMetadata>\n"
                + "</DescribeInstanceRefreshesResponse>\n";
    }

    /** DescribeInstanceRefreshes of a group with none (moto does not implement the call). */
    static String noInstanceRefreshes() {
        return "<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\">"
                + "<DescribeInstanceRefreshesResult><InstanceRefreshes/></DescribeInstanceRefreshesResult>"
                + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeInstanceRefreshesResponse>";
    }

    static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\">\n"
                + "  <Error>\n"
                + "    <Type>Sender</Type>\n"
                + "    <Code>" + code + "</Code>\n"
                + "    <Message>" + message + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>9e6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId>\n"
                + "</ErrorResponse>\n";
    }
}
