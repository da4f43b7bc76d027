package io.weir.harness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void zeroMeansAFreePort() {
        int port = Ports.resolve(0);

        assertThat(port).isPositive();
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void aTakenFixedPortFailsClearly() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Ports.resolve(port))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("port " + port + " is already in use");
        }
    }
}
