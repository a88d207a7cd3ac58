package dev.scaleout.amibuilder.imagebuilder;

import dev.scaleout.amibuilder.Aws;
import dev.scaleout.support.AwsCall;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.Poll;
import dev.scaleout.support.Progress;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImageStatus;

/**
 * Waits for a pipeline execution (Image Builder has no SDK waiter): GetImage with backoff,
 * the state and elapsed time on the progress line; AVAILABLE gives the AMI id, FAILED or
 * CANCELLED ends the run with the reason and where the logs are.
 */
public final class BuildWaiter {

    static final Set<ImageStatus> DONE = Set.of(
            ImageStatus.AVAILABLE,
            ImageStatus.FAILED,
            ImageStatus.CANCELLED,
            ImageStatus.DELETED,
            ImageStatus.DISABLED,
            ImageStatus.DEPRECATED);

    private final Aws aws;
    private final Poll poll;
    private final Progress progress;

    public BuildWaiter(Aws aws, Poll poll, Progress progress) {
        this.aws = aws;
        this.poll = poll;
        this.progress = progress;
    }

    /** Returns the AMI id in this run's region. */
    public String await(String imageBuildVersionArn, Duration timeout, String logGroup) {
        Image image = poll.until(
                "image " + shortName(imageBuildVersionArn),
                timeout,
                () -> AwsCall.call(
                        "GetImage",
                        imageBuildVersionArn,
                        () -> aws.imageBuilder()
                                .getImage(b -> b.imageBuildVersionArn(imageBuildVersionArn))
                                .image()),
                i -> i.state() == null ? "UNKNOWN" : i.state().statusAsString(),
                i -> i.state() != null && DONE.contains(i.state().status()),
                progress);
        if (image.state().status() != ImageStatus.AVAILABLE) {
            String reason = image.state().reason() == null
                    ? "no reason given"
                    : image.state().reason();
            throw ExitException.failure("image " + imageBuildVersionArn + " "
                    + image.state().statusAsString() + ": " + reason
                    + "; logs: CloudWatch Logs group " + logGroup + " (stream " + streamOf(imageBuildVersionArn) + ")"
                    + ", or 'aws imagebuilder get-image --image-build-version-arn " + imageBuildVersionArn + "'");
        }
        if (image.outputResources() == null) {
            throw ExitException.failure("image " + imageBuildVersionArn + " is AVAILABLE but lists no AMI");
        }
        return image.outputResources().amis().stream()
                .filter(a -> aws.region().equals(a.region()))
                .map(a -> a.image())
                .findFirst()
                .orElseThrow(() -> ExitException.failure(
                        "image " + imageBuildVersionArn + " is AVAILABLE but has no AMI in " + aws.region()));
    }

    /** ".../image/scaleout-golden/1.2.3/4" -> "scaleout-golden 1.2.3/4". */
    static String shortName(String arn) {
        String[] p = arn.split("/");
        return p.length >= 4 ? p[p.length - 3] + " " + p[p.length - 2] + "/" + p[p.length - 1] : arn;
    }

    static String streamOf(String arn) {
        String[] p = arn.split("/");
        return p.length >= 2 ? p[p.length - 2] + "/" + p[p.length - 1] : arn;
    }
}
