package io.foundation.mabeam.internal.negotiation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.negotiation.Award;
import io.foundation.api.mabeam.negotiation.ContractNet;
import io.foundation.api.mabeam.negotiation.ContractNetOutcome;
import io.foundation.api.mabeam.negotiation.Contractor;
import io.foundation.api.mabeam.negotiation.Quote;
import io.foundation.api.mabeam.negotiation.Response;
import io.foundation.api.mabeam.negotiation.ResponseKind;
import io.foundation.api.mabeam.negotiation.Task;
import io.foundation.mabeam.internal.protocol.Check;
import io.foundation.mabeam.internal.protocol.Mechanism;
import org.osgi.service.component.annotations.Component;

/**
 * Contract net. The manager announces the tasks one after another. Every contractor answers each announcement after
 * its response time: it refuses when it lacks a required capability, has no quote for the task, or already holds as
 * many awards as its capacity; otherwise it bids its quote. Bids arriving after the task's deadline are late and
 * discarded. The task goes to the lowest timely bid; ties go to the earlier response, then to the contractor listed
 * first. The winner gets an award and the other bidders a rejection.
 */
@Component(service = CoordinationProtocol.class, property = {
        CoordinationProtocol.NAME + "=" + ContractNetProtocol.NAME,
        CoordinationProtocol.VERSION + "=" + ContractNetProtocol.VERSION,
        CoordinationProtocol.FAMILY + "=" + ContractNetProtocol.FAMILY })
public final class ContractNetProtocol extends Mechanism<ContractNet, ContractNetOutcome> {

    static final String NAME = "contract-net";
    static final String VERSION = "1.0.0";
    static final String FAMILY = "negotiation";

    public ContractNetProtocol() {
        super(NAME, VERSION, FAMILY, ContractNet.class);
    }

    @Override
    protected ContractNetOutcome decide(ContractNet problem) {
        List<Task> tasks = Check.nonEmpty("tasks", problem.tasks());
        Set<String> taskIds = new HashSet<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            Check.unique(Check.at("tasks", t, "id"), task.id(), taskIds);
            names(Check.at("tasks", t, "requires"), task.requires());
            Check.nonNegative(Check.at("tasks", t, "deadline"), task.deadline());
        }
        List<Contractor> contractors = Check.nonEmpty("contractors", problem.contractors());
        Set<String> contractorIds = new HashSet<>();
        List<Map<String, Long>> quotes = new ArrayList<>();
        for (int c = 0; c < contractors.size(); c++) {
            Contractor contractor = contractors.get(c);
            Check.unique(Check.at("contractors", c, "id"), contractor.id(), contractorIds);
            names(Check.at("contractors", c, "capabilities"), contractor.capabilities());
            String quotesField = Check.at("contractors", c, "quotes");
            List<Quote> list = Check.elements(quotesField, contractor.quotes());
            Map<String, Long> byTask = new HashMap<>();
            for (int q = 0; q < list.size(); q++) {
                String task = Check.name(Check.at(quotesField, q, "task"), list.get(q).task());
                if (!taskIds.contains(task)) {
                    throw Check.invalid(Check.at(quotesField, q, "task"), "unknown task \"" + task + "\"");
                }
                long price = Check.nonNegative(Check.at(quotesField, q, "price"), list.get(q).price());
                if (byTask.putIfAbsent(task, price) != null) {
                    throw Check.invalid(Check.at(quotesField, q, "task"), "second quote for \"" + task + "\"");
                }
            }
            quotes.add(byTask);
            Check.nonNegative(Check.at("contractors", c, "responseTime"), contractor.responseTime());
            Check.nonNegative(Check.at("contractors", c, "capacity"), contractor.capacity());
        }

        int[] held = new int[contractors.size()];
        List<Award> awards = new ArrayList<>();
        List<String> unawarded = new ArrayList<>();
        List<Response> responses = new ArrayList<>();
        long messages = 0;
        long revenue = 0;
        for (Task task : tasks) {
            messages += 2L * contractors.size();
            int winner = -1;
            int timelyBids = 0;
            for (int c = 0; c < contractors.size(); c++) {
                Contractor contractor = contractors.get(c);
                Long quote = quotes.get(c).get(task.id());
                ResponseKind kind;
                if (!new HashSet<>(contractor.capabilities()).containsAll(task.requires())) {
                    kind = ResponseKind.REFUSED_INCAPABLE;
                } else if (quote == null) {
                    kind = ResponseKind.REFUSED_NO_QUOTE;
                } else if (held[c] >= contractor.capacity()) {
                    kind = ResponseKind.REFUSED_AT_CAPACITY;
                } else if (contractor.responseTime() > task.deadline()) {
                    kind = ResponseKind.LATE;
                } else {
                    kind = ResponseKind.BID;
                    timelyBids++;
                    if (winner < 0 || better(quote, contractor, quotes.get(winner).get(task.id()),
                            contractors.get(winner))) {
                        winner = c;
                    }
                }
                boolean priced = kind == ResponseKind.BID || kind == ResponseKind.LATE;
                responses.add(new Response(task.id(), contractor.id(), kind, priced ? quote : null,
                        contractor.responseTime()));
            }
            if (winner < 0) {
                unawarded.add(task.id());
                continue;
            }
            long price = quotes.get(winner).get(task.id());
            held[winner]++;
            awards.add(new Award(task.id(), contractors.get(winner).id(), price));
            revenue += price;
            messages += timelyBids;
        }
        return new ContractNetOutcome(awards, unawarded, responses,
                new Measurements(null, revenue, null, tasks.size(), messages));
    }

    /** Lower price first, then the earlier response; on a full tie the contractor already chosen stays. */
    private static boolean better(long price, Contractor contractor, long bestPrice, Contractor best) {
        return price < bestPrice || price == bestPrice && contractor.responseTime() < best.responseTime();
    }

    private static void names(String field, List<String> names) {
        Check.elements(field, names);
        for (int i = 0; i < names.size(); i++) {
            Check.name(Check.at(field, i), names.get(i));
        }
    }
}
