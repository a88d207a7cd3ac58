package dev.scaleout.amibuilder.publish;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.support.AwsCall;
import dev.scaleout.amibuilder.Report;
import dev.scaleout.amibuilder.Tags;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The contract with infra: an SSM String parameter (data type aws:ec2:image, so a launch
 * template can use resolve:ssm:) holding the latest golden AMI id.
 */
public final class AmiParameter {

    static final Set<String> NOT_FOUND = Set.of("ParameterNotFound");

    private final Aws aws;
    private final Report report;
    private final String prefix;
    private final String name;

    public AmiParameter(Aws aws, Report report, String prefix, String name) {
        this.aws = aws;
        this.report = report;
        this.prefix = prefix;
        this.name = name;
    }

    public Optional<String> current() {
        return AwsCall.find("GetParameter", name, NOT_FOUND, () -> aws.ssm().getParameter(b -> b.name(name)).parameter().value());
    }

    public void publish(String amiId) {
        Optional<String> current = current();
        if (current.filter(amiId::equals).isPresent()) {
            report.resource("SSM parameter", "reused", name + " = " + amiId);
            return;
        }
        // SSM refuses tags together with Overwrite, so tags go on the first write only
        AwsCall.run("PutParameter", name, () -> aws.ssm().putParameter(b -> {
            b.name(name).value(amiId).type(ParameterType.STRING).dataType("aws:ec2:image")
                    .description("Latest golden AMI of scaleout-app (written by ami-builder, read by infra)");
            if (current.isPresent()) {
                b.overwrite(true);
            } else {
                b.tags(Tags.of(prefix, name).entrySet().stream().map(e -> software.amazon.awssdk.services.ssm.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList());
            }
        }));
        report.resource("SSM parameter", current.isPresent() ? "updated" : "created", name + " = " + amiId);
    }

    public boolean delete() {
        return AwsCall.find("DeleteParameter", name, NOT_FOUND, () -> aws.ssm().deleteParameter(b -> b.name(name))).isPresent();
    }
}
