package io.foundation.api.mabeam.negotiation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.foundation.api.mabeam.Problem;

/** Tasks announced one after another, in list order, to every contractor. */
public record ContractNet(List<Task> tasks, List<Contractor> contractors) implements Problem {

    public ContractNet {
        tasks = tasks == null ? null : Collections.unmodifiableList(new ArrayList<>(tasks));
        contractors = contractors == null ? null : Collections.unmodifiableList(new ArrayList<>(contractors));
    }
}
