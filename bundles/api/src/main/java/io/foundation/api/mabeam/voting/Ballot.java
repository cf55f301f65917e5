package io.foundation.api.mabeam.voting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One voter's ballot. {@code choices} is a ranking, most preferred first, for ranked rules; the first choice for
 * plurality and weighted rules; the set of approved candidates (order ignored) for approval voting. Candidates not
 * listed rank below all listed ones. {@code weight} is how many votes the ballot counts as; {@code null} means 1.
 */
public record Ballot(String voter, List<String> choices, Long weight) {

    public Ballot {
        choices = choices == null ? null : Collections.unmodifiableList(new ArrayList<>(choices));
    }
}
