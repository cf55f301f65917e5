package io.foundation.itests.consul;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ConsulFake} as a process and prints {@code ready <url>} on standard output once it listens; runs
 * until killed. Options:
 * <pre>
 *   --bind ADDR                address to listen on (default 127.0.0.1)
 *   --port N                   port (default 8500; 0 picks a free one)
 *   --datacenter DC            the agent's datacenter (default dc1)
 *   --other-datacenters A,B    further datacenters reachable with ?dc=
 *   --node NAME                the agent's node name (default consul-fake)
 *   --acl-default allow|deny   turn ACLs on with this default policy
 *   --token SECRET=RULES       a token, RULES as resource:access:prefix,... (repeatable)
 *   --anonymous RULES          what requests without a token may do
 * </pre>
 * Exit status 2 for a bad option, with the reason on standard error.
 */
public final class ConsulFakeMain {

    private ConsulFakeMain() {
    }

    public static void main(String[] args) throws Exception {
        ConsulFake.Options options = new ConsulFake.Options().port(8500);
        String aclDefault = null;
        List<String[]> tokens = new ArrayList<>();
        String anonymous = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--bind" -> options.bind(required(args[i], value));
                    case "--port" -> options.port(Integer.parseInt(required(args[i], value)));
                    case "--datacenter" -> options.datacenter(required(args[i], value));
                    case "--other-datacenters" -> options.otherDatacenters(required(args[i], value).split(","));
                    case "--node" -> options.node(required(args[i], value));
                    case "--acl-default" -> aclDefault = required(args[i], value);
                    case "--token" -> {
                        String spec = required(args[i], value);
                        int eq = spec.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--token takes SECRET=RULES, was " + spec);
                        }
                        tokens.add(new String[] {spec.substring(0, eq), spec.substring(eq + 1)});
                    }
                    case "--anonymous" -> anonymous = required(args[i], value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println("consul-fake: " + e.getMessage());
            System.exit(2);
            return;
        }
        ConsulFake fake = ConsulFake.start(options);
        try {
            if (aclDefault != null) {
                fake.acl().enable(aclDefault);
            }
            for (String[] token : tokens) {
                fake.acl().grant(token[0], Acl.Rule.parseAll(token[1]));
            }
            if (anonymous != null) {
                fake.acl().anonymous(Acl.Rule.parseAll(anonymous));
            }
        } catch (IllegalArgumentException e) {
            fake.close();
            System.err.println("consul-fake: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "consul-fake-shutdown"));
        System.out.println("ready " + fake.url());
        System.out.flush();
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
