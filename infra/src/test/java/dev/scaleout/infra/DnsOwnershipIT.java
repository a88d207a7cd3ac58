package dev.scaleout.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scaleout.infra.config.StackConfig;
import dev.scaleout.support.AwsClients;
import dev.scaleout.support.ExitException;
import dev.scaleout.support.testing.MotoExtension;
import dev.scaleout.support.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

/** A DNS name someone else holds stops apply before its first change, and the record stays as it was. */
@ExtendWith(MotoExtension.class)
class DnsOwnershipIT {

    @Test
    void aRecordTheStackDoesNotOwnStopsTheApplyBeforeAnyChange(MotoServer moto) {
        moto.reset();
        Route53Client route53 = moto.clients().build(Route53Client.builder());
        StackConfig config = FullStack.config(route53);
        String zone = config.dns().hostedZoneId();
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(c -> c.action(ChangeAction.CREATE)
                        .resourceRecordSet(s -> s.name("asg-ec2.example.com")
                                .type(RRType.A)
                                .ttl(60L)
                                .resourceRecords(v -> v.value("198.51.100.10"))))));
        AwsClients clients = moto.clients();
        StackRun run = TestStacks.run(config, clients);

        var found = run.discover();
        var plan = run.plan(found);

        assertThat(plan.changes()).anySatisfy(c -> assertThat(c.key()).isEqualTo("dns-record/asg-ec2.example.com"));
        assertThatThrownBy(() -> run.checkNames(plan))
                .isInstanceOf(ExitException.class)
                .satisfies(e -> assertThat(((ExitException) e).code()).isEqualTo(ExitException.USER_ERROR))
                .hasMessageStartingWith("dns.recordName: the A record asg-ec2.example.com")
                .hasMessageContaining("set dns.recordName to a free name");
        assertThat(clients.calls().mutating())
                .as(clients.calls().byOperation().toString())
                .isZero();
        assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets())
                .anySatisfy(s -> assertThat(s.resourceRecords())
                        .anySatisfy(v -> assertThat(v.value()).isEqualTo("198.51.100.10")))
                .noneMatch(s -> s.type() == RRType.TXT);
    }
}
