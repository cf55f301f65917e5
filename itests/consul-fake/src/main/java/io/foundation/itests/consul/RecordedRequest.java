package io.foundation.itests.consul;

/**
 * A request the fake received on its Consul API ({@code /v1/...}), for tests that check what a client sent.
 *
 * @param method     HTTP method
 * @param path       decoded path, such as {@code /v1/health/service/web}
 * @param query      raw query string, empty if none
 * @param token      the ACL token sent (X-Consul-Token, Authorization: Bearer, or ?token=), empty if none
 * @param datacenter the {@code dc} parameter, empty if none
 */
public record RecordedRequest(String method, String path, String query, String token, String datacenter) {
}
