package io.foundation.settings;

import java.util.List;

/** Settings read from a configuration, with what was wrong in it (each wrong key kept its previous value). */
public record Parsed<T>(T settings, List<String> problems) {

    public Parsed {
        problems = List.copyOf(problems);
    }
}
