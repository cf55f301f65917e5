package io.foundation.mabeam.internal.negotiation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.negotiation.Award;
import io.foundation.api.mabeam.negotiation.ContractNet;
import io.foundation.api.mabeam.negotiation.ContractNetOutcome;
import io.foundation.api.mabeam.negotiation.Contractor;
import io.foundation.api.mabeam.negotiation.Quote;
import io.foundation.api.mabeam.negotiation.Response;
import io.foundation.api.mabeam.negotiation.ResponseKind;
import io.foundation.api.mabeam.negotiation.Task;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ContractNetTest {

    private final ContractNetProtocol contractNet = new ContractNetProtocol();

    @Provide
    Arbitrary<ContractNet> nets() {
        Arbitrary<int[]> raw = Arbitraries.integers().between(0, 1_000).array(int[].class).ofSize(8);
        return raw.list().ofMinSize(2).ofMaxSize(10).map(rows -> {
            List<Task> tasks = new ArrayList<>();
            List<Contractor> contractors = new ArrayList<>();
            int taskCount = 1 + rows.get(0)[0] % 5;
            for (int t = 0; t < taskCount; t++) {
                int[] row = rows.get(t % rows.size());
                tasks.add(new Task("t" + t, row[1] % 3 == 0 ? List.of("weld") : List.of(), 2 + row[2] % 8));
            }
            for (int c = 1; c < rows.size(); c++) {
                int[] row = rows.get(c);
                List<Quote> quotes = new ArrayList<>();
                for (int t = 0; t < taskCount; t++) {
                    if ((row[3] + t) % 4 != 0) {
                        quotes.add(new Quote("t" + t, 10 + (row[4] * (t + 1)) % 5));
                    }
                }
                contractors.add(new Contractor("c" + c, row[5] % 2 == 0 ? List.of("weld") : List.of(), quotes,
                        row[6] % 10, row[7] % 3));
            }
            return new ContractNet(tasks, contractors);
        });
    }

    @Property
    void awardsGoToTheCheapestTimelyBidWithinCapacity(@ForAll("nets") ContractNet net) {
        ContractNetOutcome outcome = contractNet.run(net);
        assertThat(outcome.responses()).hasSize(net.tasks().size() * net.contractors().size());
        Map<String, Integer> held = new HashMap<>();
        Map<String, Contractor> contractors = new HashMap<>();
        net.contractors().forEach(c -> contractors.put(c.id(), c));
        for (Task task : net.tasks()) {
            List<Response> responses = outcome.responses().stream().filter(r -> r.task().equals(task.id())).toList();
            for (Response response : responses) {
                Contractor contractor = contractors.get(response.contractor());
                boolean capable = contractor.capabilities().containsAll(task.requires());
                boolean quoted = contractor.quotes().stream().anyMatch(q -> q.task().equals(task.id()));
                boolean free = held.getOrDefault(contractor.id(), 0) < contractor.capacity();
                boolean inTime = contractor.responseTime() <= task.deadline();
                ResponseKind expected = !capable ? ResponseKind.REFUSED_INCAPABLE
                        : !quoted ? ResponseKind.REFUSED_NO_QUOTE
                        : !free ? ResponseKind.REFUSED_AT_CAPACITY
                        : !inTime ? ResponseKind.LATE : ResponseKind.BID;
                assertThat(response.kind()).isEqualTo(expected);
            }
            List<Response> bids = responses.stream().filter(r -> r.kind() == ResponseKind.BID).toList();
            Award award = outcome.awards().stream().filter(a -> a.task().equals(task.id())).findFirst().orElse(null);
            if (bids.isEmpty()) {
                assertThat(award).isNull();
                assertThat(outcome.unawarded()).contains(task.id());
                continue;
            }
            Response winner = bids.get(0);
            for (Response bid : bids) {
                if (bid.price() < winner.price() || bid.price().equals(winner.price()) && bid.time() < winner.time()) {
                    winner = bid;
                }
            }
            assertThat(award).isEqualTo(new Award(task.id(), winner.contractor(), winner.price()));
            held.merge(winner.contractor(), 1, Integer::sum);
        }
        long revenue = outcome.awards().stream().mapToLong(Award::price).sum();
        assertThat(outcome.measurements().revenue()).isEqualTo(revenue);
    }

    @Test
    void lateBidsAreDiscardedAndTiesGoToTheEarlierAnswer() {
        ContractNetOutcome outcome = contractNet.run(new ContractNet(
                List.of(new Task("paint", List.of(), 5)),
                List.of(new Contractor("slow", List.of(), List.of(new Quote("paint", 1)), 9, 1),
                        new Contractor("steady", List.of(), List.of(new Quote("paint", 7)), 4, 1),
                        new Contractor("quick", List.of(), List.of(new Quote("paint", 7)), 2, 1))));
        assertThat(outcome.awards()).containsExactly(new Award("paint", "quick", 7));
        assertThat(outcome.responses().get(0).kind()).isEqualTo(ResponseKind.LATE);
    }

    @Test
    void quotesForUnknownTasksAreRejected() {
        assertThatThrownBy(() -> contractNet.run(new ContractNet(List.of(new Task("paint", List.of(), 5)),
                List.of(new Contractor("c", List.of(), List.of(new Quote("weld", 1)), 1, 1)))))
                .isInstanceOf(InvalidProblemException.class)
                .hasMessage("contractors[0].quotes[0].task: unknown task \"weld\"");
        assertThatThrownBy(() -> contractNet.run(new ContractNet(List.of(new Task("paint", List.of(), -1)),
                List.of(new Contractor("c", List.of(), List.of(), 1, 1)))))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("tasks[0].deadline:");
    }
}
