package dev.scaleout.infra.vpn;

import java.time.Instant;

/**
 * The certificate sets the tests share, made once per test JVM: RSA key generation is the
 * slow part of these tests (three keys a set).
 */
final class TestCertificates {

    static final String SERVER_DOMAIN = "vpn.demo.scaleout-kit.internal";
    static final String CLIENT_NAME = "my-vpn-client";
    static final Instant MADE_AT = Instant.now();

    private TestCertificates() {}

    /** The endpoint's set: its CA, the server certificate for ACM, the user's client certificate. */
    static VpnCertificates endpoint() {
        return Endpoint.SET;
    }

    /** Same names, another CA: what a client the endpoint must refuse holds. */
    static VpnCertificates stranger() {
        return Stranger.SET;
    }

    private static final class Endpoint {
        static final VpnCertificates SET = VpnCertificates.generate(SERVER_DOMAIN, CLIENT_NAME, MADE_AT);
    }

    private static final class Stranger {
        static final VpnCertificates SET = VpnCertificates.generate(SERVER_DOMAIN, CLIENT_NAME, MADE_AT);
    }
}
