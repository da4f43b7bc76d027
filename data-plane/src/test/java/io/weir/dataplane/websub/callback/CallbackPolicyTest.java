package io.weir.dataplane.websub.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackPolicyTest {

    private static final List<String> DEFAULT_DENY = Arrays.asList(("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,"
            + "192.168.0.0/16,100.64.0.0/10,fc00::/7,169.254.0.0/16,fe80::/10,0.0.0.0/8,::/128").split(","));

    private final CallbackPolicy defaults = new CallbackPolicy(DEFAULT_DENY, List.of("none"));

    @Test
    void deniesLoopbackPrivateLinkLocalAndUnspecifiedByDefault() throws Exception {
        for (String address : List.of("127.0.0.1", "127.9.9.9", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "fd00::1", "fc00::1", "169.254.169.254", "fe80::1", "0.0.0.0", "::", "::ffff:127.0.0.1",
                "::ffff:10.0.0.1")) {
            assertThat(defaults.refused(List.of(InetAddress.getByName(address)))).as(address).isNotNull();
        }
    }

    @Test
    void allowsPublicAddresses() throws Exception {
        for (String address : List.of("93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "192.169.0.1")) {
            assertThat(defaults.refused(List.of(InetAddress.getByName(address)))).as(address).isNull();
        }
    }

    @Test
    void everyResolvedAddressMustPass() throws Exception {
        assertThat(defaults.refused(List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1"))))
                .isEqualTo(InetAddress.getByName("10.0.0.1"));
    }

    @Test
    void anAllowRangeOpensAHoleInTheDenyList() throws Exception {
        CallbackPolicy tests = new CallbackPolicy(DEFAULT_DENY, List.of("127.0.0.1/32"));
        assertThat(tests.refused(List.of(InetAddress.getByName("127.0.0.1")))).isNull();
        assertThat(tests.refused(List.of(InetAddress.getByName("127.0.0.2")))).isNotNull();
        assertThat(tests.refused(List.of(InetAddress.getByName("10.0.0.1")))).isNotNull();
    }

    @Test
    void refusesBadCidrConfigurationAtStart() {
        assertThatThrownBy(() -> new CallbackPolicy(List.of("example.com/8"), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CallbackPolicy(List.of("10.0.0.0/33"), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checksTheUrlShape() {
        assertThat(CallbackPolicy.urlProblem("https://example.com/hook")).isNull();
        assertThat(CallbackPolicy.urlProblem("http://[::1]:8080/hook")).isNull();
        assertThat(CallbackPolicy.host("http://[::1]:8080/hook")).isEqualTo("::1");
        assertThat(CallbackPolicy.urlProblem("javascript:alert(1)")).isNotNull();
        assertThat(CallbackPolicy.urlProblem("https:///nohost")).isNotNull();
        assertThat(CallbackPolicy.urlProblem("https://example.com/#frag")).isNotNull();
    }
}
