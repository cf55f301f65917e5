package io.foundation.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.ExamFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.nat.internal.NativeTestContainerFactory;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;

/** The Gogo commands of scope {@code foundation}, run through a shell session as an operator would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@ExamFactory(NativeTestContainerFactory.class)
public class ShellCommandsIT {

    @Configuration
    public Option[] node() {
        return NodeOptions.forTest(ShellCommandsIT.class).singleNodeOnly().inTestJvm();
    }

    @Test
    public void statusAsJsonParsesAndNamesTheNode() throws Exception {
        RunningNode node = RunningNode.of(this);
        node.awaitReady();
        Membership membership = node.membership();
        Member local = membership.localMember();

        JsonNode status = new ObjectMapper().readTree(run(node, "foundation:status --json"));

        assertEquals("node", node.property("foundation.node.name"), status.path("node").asText());
        assertEquals("id", local.id(), status.path("id").asText());
        assertEquals("cluster", membership.clusterName(), status.path("cluster").asText());
        assertEquals("view size", 1, status.path("view").path("size").asInt());
        assertEquals("the only member", local.id(), status.path("view").path("members").path(0).path("id").asText());
        assertTrue("no active strategy for cluster=false: " + status.path("discovery"),
                status.path("discovery").path("active").isArray()
                        && status.path("discovery").path("active").isEmpty());
        assertTrue("no problem: " + status.path("problem"), status.path("problem").isNull());
    }

    @Test
    public void statusAsTextNamesTheNodeAndItsTransport() throws Exception {
        RunningNode node = RunningNode.of(this);
        node.awaitReady();

        String status = run(node, "foundation:status");

        assertTrue(status, status.contains(node.property("foundation.node.name")));
        assertTrue(status, status.contains("off (single node)"));
    }

    /** Runs {@code command} in a new shell session and returns its result as text; fails on shell errors. */
    private static String run(RunningNode node, String command) throws Exception {
        CommandProcessor processor = node.service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Object result = session.execute(command);
            assertEquals("errors of " + command, "", err.toString(StandardCharsets.UTF_8));
            assertTrue(command + " returned nothing", result != null);
            return result.toString();
        } finally {
            session.close();
        }
    }
}
