package io.foundation.shell.internal.cluster;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.foundation.api.cluster.StrategySelection;

/** {@code foundation:strategy-use}, {@code -add} and {@code -remove}: one Gogo function each. */
final class StrategyCommands {

    private StrategyCommands() {
    }

    @Component(service = org.apache.felix.service.command.Function.class, property = {
            "osgi.command.scope=foundation", "osgi.command.function=strategy-use"})
    public static final class Use extends StrategyChange {

        @Override
        String usage() {
            return "foundation:strategy-use <name>... - use exactly these strategies (or auto, or false) from now on;"
                    + " the current members stay, and the choice is recorded in the configuration";
        }

        @Override
        List<String> next(StrategySelection current, List<String> arguments) {
            if (arguments.isEmpty()) {
                throw misuse("name at least one strategy", usage());
            }
            return arguments;
        }
    }

    @Component(service = org.apache.felix.service.command.Function.class, property = {
            "osgi.command.scope=foundation", "osgi.command.function=strategy-add"})
    public static final class Add extends StrategyChange {

        @Override
        String usage() {
            return "foundation:strategy-add <name> - also use this strategy from now on, recorded in the "
                    + "configuration";
        }

        @Override
        List<String> next(StrategySelection current, List<String> arguments) {
            if (arguments.size() != 1) {
                throw misuse("name exactly one strategy", usage());
            }
            List<String> names = new ArrayList<>(current.active());
            if (names.contains(arguments.get(0))) {
                throw new IllegalArgumentException(arguments.get(0) + " is already in use: " + names);
            }
            names.add(arguments.get(0));
            return names;
        }
    }

    @Component(service = org.apache.felix.service.command.Function.class, property = {
            "osgi.command.scope=foundation", "osgi.command.function=strategy-remove"})
    public static final class Remove extends StrategyChange {

        @Override
        String usage() {
            return "foundation:strategy-remove <name> - stop using this strategy, recorded in the configuration; the "
                    + "last one cannot be removed (pick another with strategy-use)";
        }

        @Override
        List<String> next(StrategySelection current, List<String> arguments) {
            if (arguments.size() != 1) {
                throw misuse("name exactly one strategy", usage());
            }
            List<String> names = new ArrayList<>(current.active());
            if (!names.remove(arguments.get(0))) {
                throw new IllegalArgumentException(arguments.get(0) + " is not in use: " + current.active());
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(arguments.get(0) + " is the only strategy in use; pick another with "
                        + "foundation:strategy-use, or run alone with foundation:strategy-use false");
            }
            return names;
        }
    }
}
