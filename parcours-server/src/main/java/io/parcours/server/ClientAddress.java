package io.parcours.server;

import java.util.List;
import java.util.Set;

/**
 * The address of the client that made a request, as the per-client limits count it (failed
 * logins, survey requests, failed write keys). Behind a reverse proxy every request comes from the
 * proxy, and all clients would share one allowance; when the proxy's address is trusted
 * ({@code --trusted-proxy}), the client is the nearest address in {@code X-Forwarded-For} that is
 * not itself a trusted proxy. The header of any other peer is ignored, so that a client cannot
 * choose the address it is counted under.
 */
final class ClientAddress {
    private ClientAddress() {}

    /**
     * The client of a request that came from {@code peer} with header {@code forwardedFor} (or
     * null): proxies append the address they received from, so the list is read from its end.
     */
    static String resolve(String peer, String forwardedFor, Set<String> trustedProxies) {
        if (!trustedProxies.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        List<String> hops = List.of(forwardedFor.split(","));
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).trim();
            if (hop.isEmpty() || hop.length() > 45 || !hop.matches("[0-9A-Fa-f:.]+")) {
                break; // not an address: trust nothing beyond it
            }
            client = hop;
            if (!trustedProxies.contains(hop)) {
                break;
            }
        }
        return client;
    }
}
