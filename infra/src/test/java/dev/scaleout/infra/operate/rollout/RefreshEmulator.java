package dev.scaleout.infra.operate.rollout;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.scaleout.infra.compute.GroupTemplate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Instance refresh, which moto does not implement, played at the Auto Scaling HTTP boundary
 * as the API reference and user guide describe it, on top of moto's group: StartInstanceRefresh
 * with a desired configuration replaces every instance whose image differs from the desired
 * version's (skip matching) and, on success, sets the group to that version; on a rollback
 * the group keeps its version and its instances. DescribeInstanceRefreshes answers the
 * outcome. Requests are kept so a test can check the preferences sent. A group on a mixed
 * instances policy is moved within it, its types and shares kept.
 */
public final class RefreshEmulator implements ResponseTransformerV2 {

    public static final String NAME = "instance-refresh";
    static final String REFRESH_ID = "0f5b3a2c-4c1e-4c89-9a55-5b1d3f0e7a21";

    private final AutoScalingClient motoAutoScaling;
    private final Ec2Client motoEc2;
    private final List<Map<String, String>> starts = Collections.synchronizedList(new ArrayList<>());
    private volatile String outcome = "Successful";
    private volatile String reason;

    public RefreshEmulator(AutoScalingClient motoAutoScaling, Ec2Client motoEc2) {
        this.motoAutoScaling = motoAutoScaling;
        this.motoEc2 = motoEc2;
    }

    /** Forgets the refreshes started so far; the next ones succeed. */
    public void reset() {
        starts.clear();
        endWith("Successful", null);
    }

    /** How the next refreshes end: "Successful", or e.g. "RollbackSuccessful" with AWS's reason. */
    public void endWith(String status, String statusReason) {
        outcome = status;
        reason = statusReason;
    }

    /** The form parameters of every StartInstanceRefresh so far. */
    public List<Map<String, String>> starts() {
        return List.copyOf(starts);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        String group = form.get("AutoScalingGroupName");
        String body;
        if ("StartInstanceRefresh".equals(form.get("Action"))) {
            starts.add(form);
            if ("Successful".equals(outcome)) {
                replace(
                        group,
                        form.getOrDefault(
                                "DesiredConfiguration.LaunchTemplate.Version",
                                form.get(
                                        "DesiredConfiguration.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version")));
            }
            body = AutoScalingXml.startInstanceRefresh(REFRESH_ID);
        } else {
            body = AutoScalingXml.describeInstanceRefreshes(
                    group,
                    REFRESH_ID,
                    outcome,
                    reason,
                    "Successful".equals(outcome) ? 100 : 50,
                    "Successful".equals(outcome) ? 0 : 1);
        }
        return Response.Builder.like(response).but().status(200).body(body).build();
    }

    /**
     * What AWS does over minutes, at once: the group on the desired version, every instance on
     * another image replaced by one of the version's image. The new instances are run and
     * attached here rather than launched by moto's group: moto cannot launch from a version
     * made by CreateLaunchTemplateVersion with user data (it keeps that user data unparsed and
     * fails an assertion, HTTP 500).
     */
    private void replace(String group, String version) {
        AutoScalingGroup g = motoAutoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(group))
                .autoScalingGroups()
                .get(0);
        String template = GroupTemplate.templateId(g);
        // on success AWS sets the group to the desired configuration: a mixed group keeps its policy
        motoAutoScaling.updateAutoScalingGroup(r -> {
            r.autoScalingGroupName(group);
            if (GroupTemplate.mixed(g)) {
                r.mixedInstancesPolicy(GroupTemplate.onVersion(g.mixedInstancesPolicy(), version));
            } else {
                r.launchTemplate(lt -> lt.launchTemplateId(template).version(version));
            }
        });
        var data = motoEc2.describeLaunchTemplateVersions(
                        r -> r.launchTemplateId(template).versions(version))
                .launchTemplateVersions()
                .get(0)
                .launchTemplateData();
        for (var instance : g.instances()) {
            var running = motoEc2.describeInstances(r -> r.instanceIds(instance.instanceId()))
                    .reservations()
                    .get(0)
                    .instances()
                    .get(0);
            if (data.imageId().equals(running.imageId())) {
                continue; // skip matching
            }
            String replacement = motoEc2.runInstances(r -> r.imageId(data.imageId())
                            .instanceType(data.instanceTypeAsString())
                            .subnetId(running.subnetId())
                            .minCount(1)
                            .maxCount(1))
                    .instances()
                    .get(0)
                    .instanceId();
            motoAutoScaling.detachInstances(r -> r.autoScalingGroupName(group)
                    .instanceIds(instance.instanceId())
                    .shouldDecrementDesiredCapacity(true));
            motoEc2.terminateInstances(r -> r.instanceIds(instance.instanceId()));
            motoAutoScaling.attachInstances(r -> r.autoScalingGroupName(group).instanceIds(replacement));
        }
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
