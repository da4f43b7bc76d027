package io.weir.dataplane.websub.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which callback URLs the hub calls: http(s) URLs without user info or fragment, whose host resolves
 * only to addresses outside the deny ranges (loopback, RFC 1918, fc00::/7, link-local, unspecified by
 * default) or inside an explicit allow range. Every resolved address must pass, so a name that
 * resolves to one public and one private address is refused. IPv4-mapped IPv6 addresses are judged
 * as the IPv4 address they carry.
 */
public final class CallbackPolicy {

    private final List<CidrRange> deny;
    private final List<CidrRange> allow;

    public CallbackPolicy(List<String> denyCidrs, List<String> allowCidrs) {
        this.deny = ranges(denyCidrs);
        this.allow = ranges(allowCidrs);
    }

    private static List<CidrRange> ranges(List<String> cidrs) {
        return cidrs.stream().map(String::trim).filter(c -> !c.isEmpty() && !c.equalsIgnoreCase("none"))
                .map(CidrRange::parse).toList();
    }

    /** Syntax check: the problem with the URL, or null. Does not resolve anything. */
    public static String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "hub.callback is not a valid URL.";
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return "hub.callback must be an http or https URL.";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "hub.callback has no host.";
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "hub.callback must not carry user info or a fragment.";
        }
        return null;
    }

    public static String host(String url) {
        String host = URI.create(url).getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address that is refused, or null when every address may be called. */
    public InetAddress refused(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return null;
        }
        for (InetAddress address : addresses) {
            InetAddress judged = unmapped(address);
            boolean allowed = allow.stream().anyMatch(r -> r.contains(judged));
            if (!allowed && deny.stream().anyMatch(r -> r.contains(judged))) {
                return address;
            }
        }
        return null;
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }
}
