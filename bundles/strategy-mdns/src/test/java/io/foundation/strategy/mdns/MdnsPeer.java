package io.foundation.strategy.mdns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Seed;
import io.foundation.settings.Overrides;

/**
 * A test fixture run as its own JVM inside a network namespace of the test network ({@link PeerProcess} starts it):
 * one real {@link MdnsStrategy}, driven line by line on standard input, answering one line per command on standard
 * output. Its settings come from {@code FOUNDATION_MDNS_*} variables, as a node's would. It refuses to run in the
 * network namespace of the JVM that started it (the machine's), so mDNS never reaches a real interface.
 *
 * <pre>
 * advertise CLUSTER ID NAME HOST PORT   -> ok | error MESSAGE
 * seeds CLUSTER                         -> seeds [HOST:PORT ...]   (sorted)
 * withdraw CLUSTER                      -> ok
 * configure [KEY=VALUE ...]             -> ok   (a new configuration, as ConfigAdmin would deliver it)
 * publish HOST PORT INSTANCE [K=V ...]  -> ok   (a raw service under the Foundation type, for garbage)
 * stop                                  -> stopped, then the process exits
 * </pre>
 */
public final class MdnsPeer {

    private final MdnsStrategy strategy = new MdnsStrategy(new Overrides(System.getenv(), System::getProperty),
            Map.of());
    private final List<JmDNS> raw = new ArrayList<>();
    private Member self;

    private MdnsPeer() {
    }

    /** {@value}: the network namespace of the JVM that started this one, where mDNS must never run. */
    static final String STARTER_NAMESPACE = "mdns.peer.starter.netns";

    public static void main(String[] args) throws IOException {
        String own = networkNamespace();
        String starter = System.getProperty(STARTER_NAMESPACE);
        if (starter == null || starter.equals(own)) {
            System.err.println("MdnsPeer runs only in a network namespace of the test network, started by "
                    + "PeerProcess; this is " + own + ", its starter's is " + starter);
            System.exit(2);
        }
        new MdnsPeer().serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
    }

    /** This process's network namespace, as {@code net:[4026531833]}. */
    static String networkNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    }

    private void serve(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.strip().split(" ");
            String answer;
            try {
                answer = run(words[0], Arrays.copyOfRange(words, 1, words.length));
            } catch (Exception e) {
                answer = "error " + e.getMessage();
            }
            System.out.println(answer);
            System.out.flush();
            if (answer.equals("stopped")) {
                return;
            }
        }
    }

    /** {@code key=value} words from {@code args[from]} on. */
    private static Map<String, Object> pairs(String[] args, int from) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        for (String pair : Arrays.copyOfRange(args, from, args.length)) {
            pairs.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return pairs;
    }

    private String run(String command, String[] args) throws Exception {
        switch (command) {
            case "advertise" -> {
                self = new Member(args[1], args[2], new InetSocketAddress(args[3], Integer.parseInt(args[4])),
                        Map.of(), 0);
                strategy.advertise(args[0], self);
                return "ok";
            }
            case "seeds" -> {
                List<String> seeds = strategy.seeds(args[0]).stream().map(Seed::toString).sorted().toList();
                return String.join(" ", "seeds", String.join(" ", seeds)).strip();
            }
            case "withdraw" -> {
                strategy.withdraw(args[0], self);
                return "ok";
            }
            case "configure" -> {
                strategy.modified(pairs(args, 0));
                return "ok";
            }
            case "publish" -> {
                JmDNS jmdns = JmDNS.create(InetAddress.getByName(args[0]), "raw-" + args[2]);
                raw.add(jmdns);
                jmdns.registerService(ServiceInfo.create(MdnsSettings.DEFAULT.serviceType(), args[2],
                        Integer.parseInt(args[1]), 0, 0, pairs(args, 3)));
                return "ok";
            }
            case "stop" -> {
                strategy.deactivate();
                for (JmDNS jmdns : raw) {
                    jmdns.close();
                }
                return "stopped";
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }
}
