package dev.scaleout.infra.peering;

import dev.scaleout.infra.engine.Schema;
import dev.scaleout.infra.network.RouteTableType;
import dev.scaleout.infra.network.SubnetType;
import dev.scaleout.infra.network.VpcType;
import dev.scaleout.infra.security.SecurityGroupType;
import java.util.Map;

/**
 * The peer region's twins of the stack's network types: the same classes on that region's
 * clients ({@link dev.scaleout.infra.engine.InRegion}), under type words of their own so a
 * plan, a reference and a discovery never mix the two regions' resources.
 */
public final class PeerTypes {

    public static final String VPC_TYPE = "peer-vpc";
    public static final String SUBNET_TYPE = "peer-subnet";
    public static final String ROUTE_TABLE_TYPE = "peer-route-table";
    public static final String SECURITY_GROUP_TYPE = "peer-security-group";

    /** A peer type's references point at the peer region's types. */
    private static final Map<String, String> RENAMES = Map.of(
            VpcType.TYPE, VPC_TYPE,
            SubnetType.TYPE, SUBNET_TYPE,
            SecurityGroupType.TYPE, SECURITY_GROUP_TYPE);

    public static final Schema VPC = VpcType.SCHEMA.as(VPC_TYPE, RENAMES);
    public static final Schema SUBNET = SubnetType.SCHEMA.as(SUBNET_TYPE, RENAMES);
    public static final Schema ROUTE_TABLE = RouteTableType.SCHEMA.as(ROUTE_TABLE_TYPE, RENAMES);
    public static final Schema SECURITY_GROUP = SecurityGroupType.SCHEMA.as(SECURITY_GROUP_TYPE, RENAMES);

    private PeerTypes() {}
}
