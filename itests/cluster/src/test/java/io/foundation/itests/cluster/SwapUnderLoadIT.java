package io.foundation.itests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Three nodes stream numbered messages to each other over their cluster channel while their strategy is swapped
 * k8s → consul → mdns → static from the shell. After each swap a node that only the new strategy can find joins.
 * Nobody leaves a view, and no message is lost or duplicated.
 */
class SwapUnderLoadIT extends ClusterTestSupport {

    private static final int NET = 30;
    private static final String NAMESPACE = "prod";

    private TestNetwork lan;

    @Test
    void strategiesSwapUnderLoadWithoutLosingMembersOrMessages() throws Exception {
        lan = closeLater(TestNetwork.bridged("swl", NET, 6));
        String apiHost = lan.address(1);
        FakeServer kubernetes = closeLater(FakeServer.start(lan, 1, "foundation.kubernetes.fake",
                work.resolve("kubernetes.log"), "--host", apiHost, "--port", "16443", "--kubeconfig",
                work.resolve("kubeconfig").toString(), "--namespace", NAMESPACE));
        FakeServer consul = closeLater(FakeServer.start(lan, 1, "foundation.consul.fake", work.resolve("consul.log"),
                "--bind", apiHost, "--port", "18500"));

        List<NodeProcess> streaming = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            pod(kubernetes, "n" + i, lan.address(i));
            streaming.add(start(node(i, "k8s", consul)));
        }
        awaitAll(streaming, 3, FORMATION);
        for (NodeProcess n : streaming) {
            assertThat(n.exec("foundation:traffic --rate 100 start").status()).isZero();
        }

        List<NodeProcess> everyone = new ArrayList<>(streaming);
        swapAndJoin(streaming, everyone, "consul", start(node(4, "consul", consul)));
        swapAndJoin(streaming, everyone, "mdns", start(node(5, "mdns", consul)));
        swapAndJoin(streaming, everyone, "static", start(node(6, "static", consul)
                .env("FOUNDATION_SEEDS", lan.address(1) + ":7800")));

        for (NodeProcess n : streaming) {
            assertThat(n.exec("foundation:traffic stop").status()).isZero();
        }
        assertEveryStreamArrivedWhole(streaming);
        assertNobodyLeft(streaming);
    }

    /** Switches the streaming nodes to {@code strategy}, then waits until {@code newcomer} is in every view. */
    private void swapAndJoin(List<NodeProcess> streaming, List<NodeProcess> everyone, String strategy,
                             NodeProcess newcomer) {
        for (NodeProcess n : streaming) {
            long started = System.nanoTime();
            NodeProcess.Exec swap = n.exec("foundation:strategy-use " + strategy);
            assertThat(swap.status()).as("%s: strategy-use %s: %s", n, strategy, swap.err()).isZero();
            System.out.printf("swap to %s on %s took %d ms%n", strategy, n,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        everyone.add(newcomer);
        awaitAll(everyone, everyone.size(), FORMATION);
    }

    private NodeProcess.Builder node(int i, String cluster, FakeServer consul) {
        return NodeProcess.node("n" + i, work).in(lan, i).config("cluster", cluster)
                .config("bind.port", "7800").config("port.range", "0")
                .env("FOUNDATION_K8S_KUBECONFIG", work.resolve("kubeconfig").toString())
                .env("FOUNDATION_K8S_NAMESPACE", NAMESPACE)
                .env("FOUNDATION_CONSUL_ADDRESS", consul.url())
                // Only the fourth swap's newcomer is in the static list.
                .env("FOUNDATION_SEEDS", lan.address(6) + ":7800");
    }

    /** A pod of the node at {@code ip}, created and marked ready the way the kubelet would. */
    private void pod(FakeServer kubernetes, String name, String ip) throws Exception {
        String base = kubernetes.url() + "/api/v1/namespaces/" + NAMESPACE + "/pods";
        curl("POST", base, "application/json", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"" + NAMESPACE + "\",\"labels\":{\"app\":\"foundation\"}},\"spec\":"
                + "{\"containers\":[{\"name\":\"node\",\"image\":\"foundation\"}]},\"status\":{\"phase\":"
                + "\"Pending\"}}");
        curl("PATCH", base + "/" + name + "/status", "application/merge-patch+json", "{\"status\":{\"phase\":"
                + "\"Running\",\"podIP\":\"" + ip + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    }

    private void curl(String method, String url, String type, String body) throws Exception {
        List<String> cmd = new ArrayList<>(lan.inside(1));
        cmd.addAll(List.of("curl", "-sf", "-X", method, "-H", "Content-Type: " + type, "-d", body, url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("%s %s: %s", method, url, out).isTrue();
    }

    /** Every streaming node received every other one's stream, from where it started counting to its last message. */
    private static void assertEveryStreamArrivedWhole(List<NodeProcess> streaming) {
        Map<String, Long> sent = new java.util.HashMap<>();
        for (NodeProcess n : streaming) {
            sent.put(n.name(), n.json("foundation:traffic --json report").get("sent").asLong());
        }
        for (NodeProcess receiver : streaming) {
            Awaitility.await(receiver + " received every stream to its end").atMost(CHANGE)
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        JsonNode report = receiver.json("foundation:traffic --json report");
                        return streaming.stream().filter(s -> s != receiver).allMatch(s -> {
                            JsonNode from = from(report, s.name());
                            return from != null && from.get("last").asLong() == sent.get(s.name()) - 1;
                        });
                    });
            JsonNode report = receiver.json("foundation:traffic --json report");
            for (NodeProcess s : streaming) {
                if (s != receiver) {
                    JsonNode from = from(report, s.name());
                    assertThat(from.get("lost").asLong()).as("%s lost from %s", receiver, s).isZero();
                    assertThat(from.get("duplicated").asLong()).as("%s duplicated from %s", receiver, s).isZero();
                    assertThat(from.get("received").asLong())
                            .isEqualTo(from.get("last").asLong() - from.get("first").asLong() + 1);
                    assertThat(from.get("received").asLong()).as("a stream of some length").isGreaterThan(500);
                }
            }
        }
    }

    private static JsonNode from(JsonNode report, String member) {
        for (JsonNode s : report.get("senders")) {
            if (s.get("member").asText().equals(member)) {
                return s;
            }
        }
        return null;
    }

    /** Once the three had formed, every view of theirs held everyone of the view before: only joins. */
    private static void assertNobodyLeft(List<NodeProcess> streaming) {
        for (NodeProcess n : streaming) {
            Set<String> seen = new HashSet<>();
            for (ViewLine view : n.views()) {
                if (view.size() >= 3 || !seen.isEmpty()) {
                    assertThat(view.members()).as("%s: view %d keeps every member", n, view.id()).containsAll(seen);
                    seen.addAll(view.members());
                }
            }
            assertThat(seen).containsExactlyInAnyOrder("n1", "n2", "n3", "n4", "n5", "n6");
        }
    }
}
