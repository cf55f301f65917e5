package io.foundation.shell.internal.cluster;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.foundation.api.cluster.Discovery;
import io.foundation.api.cluster.StrategySelection;

/**
 * A shell command that changes which strategies discovery uses. Gogo finds methods only by names a Java method can
 * have, so the hyphenated commands ({@code strategy-use}, ...) are {@link Function}s, each answering
 * {@code --help} with its usage.
 */
abstract class StrategyChange implements Function {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Discovery discovery;

    /** {@code scope:name <arguments>}, what it does. */
    abstract String usage();

    /** The selection to ask for, given the current one and the arguments. */
    abstract List<String> next(StrategySelection current, List<String> arguments);

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        if (args.contains("--help") || args.contains("-h")) {
            return usage();
        }
        Discovery d = discovery;
        if (d == null) {
            throw new IllegalStateException("discovery is not running (is the io.foundation.core bundle active?)");
        }
        List<String> names = next(d.selection(), args);
        StrategySelection now = d.use(names);
        return "strategies now " + (now.active().isEmpty() ? "none" : now.active()) + " (" + now.reason()
                + "); recorded in the configuration";
    }

    static IllegalArgumentException misuse(String why, String usage) {
        return new IllegalArgumentException(why + "\nusage: " + usage);
    }
}
