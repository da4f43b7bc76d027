package io.weir.dataplane.websub.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range written as CIDR ({@code 10.0.0.0/8}, {@code fc00::/7}); IPv4 and IPv6 never match each other. */
record CidrRange(byte[] network, int prefix) {

    static CidrRange parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        try {
            byte[] address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash)).getAddress();
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8 || !isLiteral(text, slash)) {
                throw new IllegalArgumentException("not a CIDR range: " + cidr);
            }
            return new CidrRange(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR range: " + cidr, e);
        }
    }

    private static boolean isLiteral(String text, int slash) {
        String host = slash < 0 ? text : text.substring(0, slash);
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
