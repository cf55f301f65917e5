package io.foundation.itests.chaos;

import java.util.Map;

import io.foundation.api.services.DistributedServices;

/** The time one distributed service instance runs on this node, journaled when it begins and when it ends. */
final class Tenure {

    private final Journal journal;
    private final String[] fields;

    private Tenure(Journal journal, String[] fields) {
        this.journal = journal;
        this.fields = fields;
    }

    /** Journals the start of {@code service} with the key, owner and fence of the configuration the node made. */
    static Tenure begin(String service, Journal journal, Map<String, Object> properties) {
        Object owner = properties.getOrDefault(DistributedServices.OWNER, journal.node());
        Tenure tenure = new Tenure(journal, new String[] {service, text(properties.get(DistributedServices.KEY)),
                text(owner), text(properties.get(DistributedServices.FENCE))});
        journal.write("start", tenure.fields);
        return tenure;
    }

    void end() {
        journal.write("stop", fields);
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
