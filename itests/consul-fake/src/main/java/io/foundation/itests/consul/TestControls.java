package io.foundation.itests.consul;

import java.io.IOException;
import java.time.Duration;

/**
 * The fake's test controls under {@code /test/}, for tests that drive it as a separate process. Not part of
 * Consul's API; never subject to ACLs. Each mirrors a method of {@link ConsulFake}:
 * <ul>
 *   <li>{@code GET /test/requests}, {@code DELETE /test/requests}: the recorded {@code /v1} requests</li>
 *   <li>{@code PUT /test/check/:check_id?status=critical&output=...}: force a check's status;
 *       {@code DELETE /test/check/:check_id}: let TTL updates set it again</li>
 *   <li>{@code PUT /test/acl?default=deny|allow}: ACLs on; {@code DELETE /test/acl}: off</li>
 *   <li>{@code PUT /test/acl/token/:secret?rules=service:write:,node:read:}: create or replace a token;
 *       {@code DELETE /test/acl/token/:secret}: revoke it; {@code PUT /test/acl/anonymous?rules=...}</li>
 *   <li>{@code PUT /test/dc/:dc/service} with a registration body: add a service to that datacenter's catalog</li>
 *   <li>{@code DELETE /test/agent/services}: the agent forgets its registrations</li>
 *   <li>{@code PUT /test/outage?for=5s}: stop listening (connections refused) for that long</li>
 * </ul>
 */
final class TestControls {

    private final ConsulFake fake;
    private final HttpCall call;

    TestControls(ConsulFake fake, HttpCall call) {
        this.fake = fake;
        this.call = call;
    }

    void handle() throws IOException {
        String path = call.path();
        String method = call.method();
        try {
            if (path.equals("/test/requests") && method.equals("GET")) {
                call.json(200, fake.requests());
            } else if (path.equals("/test/requests") && method.equals("DELETE")) {
                fake.clearRequests();
                call.ok();
            } else if (path.startsWith("/test/check/")) {
                check(path.substring("/test/check/".length()), method);
            } else if (path.equals("/test/acl")) {
                acl(method);
            } else if (path.equals("/test/acl/anonymous") && method.equals("PUT")) {
                fake.acl().anonymous(Acl.Rule.parseAll(call.param("rules")));
                call.ok();
            } else if (path.startsWith("/test/acl/token/")) {
                token(path.substring("/test/acl/token/".length()), method);
            } else if (path.matches("/test/dc/[^/]+/service") && method.equals("PUT")) {
                String name = path.substring("/test/dc/".length(), path.length() - "/service".length());
                Datacenter dc = fake.datacenter(name).orElseThrow(() -> new IllegalArgumentException(
                        "unknown datacenter " + name + "; known: " + fake.datacenters()));
                fake.api().registerInto(call, dc);
            } else if (path.equals("/test/agent/services") && method.equals("DELETE")) {
                fake.forgetAgentServices();
                call.ok();
            } else if (path.equals("/test/outage") && method.equals("PUT")) {
                String length = call.param("for");
                Duration d = GoDuration.parse(length == null || length.isEmpty() ? "5s" : length);
                call.ok();
                fake.outage(d);
            } else {
                call.text(404, "no test control " + method + " " + path
                        + " (see itests/consul-fake/README.md)");
            }
        } catch (IllegalArgumentException e) {
            call.text(400, e.getMessage());
        }
    }

    private void check(String checkId, String method) throws IOException {
        if (method.equals("PUT")) {
            String status = call.param("status");
            String output = call.param("output");
            if (status == null) {
                throw new IllegalArgumentException("status=passing|warning|critical is required");
            }
            if (!fake.pinCheck(checkId, status, output == null ? "forced by the test" : output)) {
                call.text(404, "Unknown check ID \"" + checkId + "\"");
                return;
            }
            call.ok();
        } else if (method.equals("DELETE")) {
            fake.unpinCheck(checkId);
            call.ok();
        } else {
            call.text(405, "method " + method + " not allowed");
        }
    }

    private void acl(String method) throws IOException {
        if (method.equals("PUT")) {
            String policy = call.param("default");
            fake.acl().enable(policy == null || policy.isEmpty() ? "deny" : policy);
            call.ok();
        } else if (method.equals("DELETE")) {
            fake.acl().disable();
            call.ok();
        } else {
            call.text(405, "method " + method + " not allowed");
        }
    }

    private void token(String secret, String method) throws IOException {
        if (method.equals("PUT")) {
            fake.acl().grant(secret, Acl.Rule.parseAll(call.param("rules")));
            call.ok();
        } else if (method.equals("DELETE")) {
            fake.acl().revoke(secret);
            call.ok();
        } else {
            call.text(405, "method " + method + " not allowed");
        }
    }
}
