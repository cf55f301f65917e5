package io.foundation.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/** Entry point of {@code bin/foundation}: starts a node, or runs {@code exec} against a running one. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("foundation.home", ".")).toAbsolutePath().normalize();
        Options options;
        try {
            options = Options.parse(args, home, hostName());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(e.getMessage().startsWith("usage") ? 0 : 64);
            return;
        }
        if (options.exec()) {
            System.exit(ExecClient.run(options.data(), options.command(), System.out, System.err));
            return;
        }
        System.exit(new Node(home, options).run());
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") ? name : "node";
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
