package io.foundation.shell.internal.mabeam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.Measurements;
import io.foundation.api.mabeam.Problem;
import io.foundation.api.mabeam.ProtocolId;
import io.foundation.api.mabeam.auction.Allocation;
import io.foundation.api.mabeam.auction.AuctionOutcome;
import io.foundation.api.mabeam.auction.Bid;
import io.foundation.api.mabeam.auction.CombinatorialAuction;
import io.foundation.api.mabeam.auction.DutchAuction;
import io.foundation.api.mabeam.auction.EnglishAuction;
import io.foundation.api.mabeam.auction.MultiUnitAuction;
import io.foundation.api.mabeam.auction.Payment;
import io.foundation.api.mabeam.auction.SealedBidAuction;
import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.LemkeHowsonStart;
import io.foundation.api.mabeam.game.RepeatedPlay;
import io.foundation.api.mabeam.market.CallAuction;
import io.foundation.api.mabeam.market.ContinuousDoubleAuction;
import io.foundation.api.mabeam.market.ExchangeEconomy;
import io.foundation.api.mabeam.negotiation.AlternatingOffers;
import io.foundation.api.mabeam.negotiation.ContractNet;
import io.foundation.api.mabeam.negotiation.MonotonicConcession;
import io.foundation.api.mabeam.selection.BanditProblem;
import io.foundation.api.mabeam.voting.Election;

class MabeamCommandsTest {

    /** A toy sealed-bid protocol: the highest bid wins and pays its bid, or nothing from version 2 on. */
    static final class Toy implements CoordinationProtocol<SealedBidAuction, AuctionOutcome> {
        private final ProtocolId id;

        Toy(String version) {
            this.id = ProtocolId.of("toy", version);
        }

        @Override
        public ProtocolId id() {
            return id;
        }

        @Override
        public String family() {
            return "auction";
        }

        @Override
        public Class<SealedBidAuction> problemType() {
            return SealedBidAuction.class;
        }

        @Override
        public AuctionOutcome run(SealedBidAuction problem) {
            if (problem.bids() == null || problem.bids().isEmpty()) {
                throw new InvalidProblemException("bids", "must not be empty");
            }
            Bid best = problem.bids().stream().max((a, b) -> Long.compare(a.amount(), b.amount())).orElseThrow();
            long price = id.version().major() >= 2 ? 0 : best.amount();
            return new AuctionOutcome(List.of(new Allocation(best.bidder(), List.of(problem.item()), 1,
                    best.amount())), List.of(new Payment(best.bidder(), price)), price, List.of(), null,
                    new Measurements(best.amount(), price, Fraction.ONE, 1, 3));
        }
    }

    @TempDir
    Path directory;

    private final ObjectMapper plain = new ObjectMapper();

    private Path file(String json) throws Exception {
        Path file = Files.createTempFile(directory, "problem", ".json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void runsTheNewestVersionAndPrintsTheOutcomeAsJson() throws Exception {
        MabeamCommands commands = new MabeamCommands();
        Toy first = new Toy("1.0.0");
        Toy second = new Toy("2.0.0");
        commands.addProtocol(first);
        commands.addProtocol(second);
        Path problem = file("""
                {"item": "vase", "bids": [{"bidder": "ann", "amount": 120}, {"bidder": "bob", "amount": 95}]}
                """);
        JsonNode outcome = plain.readTree(commands.run("toy", problem));
        assertThat(outcome.get("price").asLong()).isZero();
        assertThat(outcome.get("allocations").get(0).get("bidder").asText()).isEqualTo("ann");
        assertThat(outcome.get("measurements").get("efficiency").asText()).isEqualTo("1");

        commands.removeProtocol(second);
        assertThat(plain.readTree(commands.run("toy", problem)).get("price").asLong()).isEqualTo(120);
    }

    @Test
    void listsProtocolsAndMarksTheVersionRunUses() {
        MabeamCommands commands = new MabeamCommands();
        assertThat(commands.protocols()).startsWith("no coordination protocols");
        commands.addProtocol(new Toy("1.0.0"));
        commands.addProtocol(new Toy("1.2.0"));
        String listing = commands.protocols();
        assertThat(listing.lines()).hasSize(3);
        assertThat(listing.lines().skip(1).findFirst().orElseThrow()).contains("toy").contains("1.2.0*")
                .contains("SealedBidAuction");
        assertThat(listing).contains("1.0.0 ");
    }

    @Test
    void badProblemsNameTheOffendingField() throws Exception {
        MabeamCommands commands = new MabeamCommands();
        commands.addProtocol(new Toy("1.0.0"));
        assertThatThrownBy(() -> commands.run("toy", file("{\"item\": \"x\", \"bids\": [{\"bidder\": \"a\", "
                + "\"amount\": 1}, {\"bidder\": \"b\", \"amout\": 2}]}")))
                .hasMessageEndingWith("bids[1].amout: unknown field \"amout\"");
        assertThatThrownBy(() -> commands.run("toy", file("{\"item\": \"x\", \"bids\": [{\"bidder\": \"a\", "
                + "\"amount\": \"lots\"}]}")))
                .hasMessageContaining("bids[0].amount: cannot read lots as a whole number");
        assertThatThrownBy(() -> commands.run("toy", file("{\"item\": \"x\", \"bids\": {\"bidder\": \"a\"}}")))
                .hasMessageContaining("bids: expected a list");
        assertThatThrownBy(() -> commands.run("toy", file("{\"item\": \"x\", \"bids\": []}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid problem for toy 1.0.0: bids: must not be empty");
        assertThatThrownBy(() -> commands.run("toy", file("{\"item\": ")))
                .hasMessageContaining("problem: not valid JSON");
        assertThatThrownBy(() -> commands.run("toy", file("")))
                .hasMessageContaining("problem:");
        assertThatThrownBy(() -> commands.run("vickrey", file("{}")))
                .hasMessageStartingWith("no protocol named \"vickrey\"");
        assertThatThrownBy(() -> commands.run("toy", directory.resolve("missing.json")))
                .hasMessageStartingWith("cannot read");
    }

    @Test
    void fractionsAndEnumsReadTheDocumentedWay() {
        ProblemJson json = new ProblemJson();
        Election election = json.read("{\"candidates\": [\"a\"], \"ballots\": [], \"quota\": \"2/3\","
                + " \"tieBreak\": \"CANDIDATE_ORDER\"}", Election.class);
        assertThat(election.quota()).isEqualTo(Fraction.of(2, 3));
        assertThat(json.read("{\"quota\": \"0.75\"}", Election.class).quota()).isEqualTo(Fraction.of(3, 4));
        assertThatThrownBy(() -> json.read("{\"quota\": \"1/0\"}", Election.class))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("quota: cannot read 1/0");
        assertThatThrownBy(() -> json.read("{\"tieBreak\": \"COIN\"}", Election.class))
                .isInstanceOf(InvalidProblemException.class).hasMessageStartingWith("tieBreak: cannot read COIN");
    }

    /** Problem type of each protocol documented in docs/mabeam-mechanisms.md. */
    private static final Map<String, Class<? extends Problem>> DOCUMENTED = Map.ofEntries(
            Map.entry("first-price", SealedBidAuction.class), Map.entry("vickrey", SealedBidAuction.class),
            Map.entry("english", EnglishAuction.class), Map.entry("dutch", DutchAuction.class),
            Map.entry("uniform-price", MultiUnitAuction.class),
            Map.entry("combinatorial", CombinatorialAuction.class), Map.entry("vcg", CombinatorialAuction.class),
            Map.entry("continuous-double-auction", ContinuousDoubleAuction.class),
            Map.entry("call-market", CallAuction.class), Map.entry("tatonnement", ExchangeEconomy.class),
            Map.entry("contract-net", ContractNet.class), Map.entry("rubinstein", AlternatingOffers.class),
            Map.entry("zeuthen", MonotonicConcession.class), Map.entry("plurality", Election.class),
            Map.entry("weighted", Election.class), Map.entry("approval", Election.class),
            Map.entry("borda", Election.class), Map.entry("instant-runoff", Election.class),
            Map.entry("schulze", Election.class), Map.entry("nash-support-enumeration", BimatrixGame.class),
            Map.entry("lemke-howson", LemkeHowsonStart.class), Map.entry("regret-matching", RepeatedPlay.class),
            Map.entry("hedge", RepeatedPlay.class), Map.entry("fictitious-play", RepeatedPlay.class),
            Map.entry("epsilon-greedy", BanditProblem.class), Map.entry("ucb1", BanditProblem.class),
            Map.entry("thompson-sampling", BanditProblem.class));

    @Test
    void everyDocumentedProblemReadsIntoItsTypeAndWritesBackUnchanged() throws Exception {
        Matcher blocks = Pattern.compile("```json problem=([a-z0-9-]+)\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("../../docs/mabeam-mechanisms.md")));
        Map<String, String> problems = new HashMap<>();
        while (blocks.find()) {
            problems.put(blocks.group(1), blocks.group(2));
        }
        assertThat(problems.keySet()).containsExactlyInAnyOrderElementsOf(DOCUMENTED.keySet());
        ProblemJson json = new ProblemJson();
        ObjectMapper mapper = new ObjectMapper();
        for (Map.Entry<String, String> example : problems.entrySet()) {
            Problem problem = json.read(example.getValue(), DOCUMENTED.get(example.getKey()));
            JsonNode written = mapper.readTree(json.write(problem));
            contains(example.getKey(), mapper.readTree(example.getValue()), written);
        }
    }

    private static void contains(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            expected.fieldNames().forEachRemaining(name -> contains(path + "." + name, expected.get(name),
                    actual.get(name)));
        } else if (expected.isArray()) {
            assertThat(actual.size()).as(path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                contains(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber()) {
            assertThat(actual.doubleValue()).as(path).isEqualTo(expected.doubleValue());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
