package io.foundation.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code bin/foundation}.
 *
 * @param exec     run one shell command against a running node instead of starting one
 * @param command  the shell command for {@code exec}
 * @param name     the node's name; also names its default data directory
 * @param data     where the node keeps its id, cache, logs and exec endpoint
 * @param etc      the configuration directory watched for {@code .cfg} files
 * @param deploy   the hot-deploy directory watched for bundles
 * @param headless no interactive shell: run as a service
 */
record Options(boolean exec, String command, String name, Path data, Path etc, Path deploy, boolean headless) {

    static final String USAGE = """
            usage: foundation [--name NAME] [--data DIR] [--etc DIR] [--deploy DIR] [--headless]
                   foundation exec [--name NAME | --data DIR] 'COMMAND'

              --name NAME   node name (default: this host's name); several nodes on one host need distinct names
              --data DIR    node state: id, logs, cache, exec endpoint (default: HOME/data/NAME)
              --etc DIR     configuration directory, watched for .cfg changes (default: HOME/etc)
              --deploy DIR  hot-deploy directory, watched for bundles (default: HOME/deploy)
              --headless    run without the interactive shell (as a service)
              exec          run COMMAND in the shell of the running node that owns the data directory""";

    /** Parses {@code args}; throws {@link IllegalArgumentException} with a message for the user. */
    static Options parse(String[] args, Path home, String defaultName) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean exec = !rest.isEmpty() && rest.get(0).equals("exec");
        if (exec) {
            rest.remove(0);
        }
        String name = null;
        Path data = null;
        Path etc = home.resolve("etc");
        Path deploy = home.resolve("deploy");
        boolean headless = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            switch (arg) {
                case "--name" -> name = value(rest, ++i, arg);
                case "--data" -> data = Path.of(value(rest, ++i, arg));
                case "--etc" -> etc = Path.of(value(rest, ++i, arg));
                case "--deploy" -> deploy = Path.of(value(rest, ++i, arg));
                case "--headless" -> headless = true;
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    positional.add(arg);
                }
            }
        }
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("--name must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String nodeName = name != null ? name : defaultName;
        Path dataDir = (data != null ? data : home.resolve("data").resolve(nodeName)).toAbsolutePath().normalize();
        if (exec && positional.size() != 1) {
            throw new IllegalArgumentException("exec takes exactly one command (quote it)\n" + USAGE);
        }
        if (!exec && !positional.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument " + positional.get(0) + "\n" + USAGE);
        }
        return new Options(exec, exec ? positional.get(0) : null, name, dataDir, etc.toAbsolutePath().normalize(),
                deploy.toAbsolutePath().normalize(), headless);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args.get(index);
    }
}
