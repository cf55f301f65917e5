package io.foundation.bench.mabeam;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.foundation.api.mabeam.game.BimatrixGame;
import io.foundation.api.mabeam.game.EquilibriumOutcome;
import io.foundation.mabeam.internal.game.SupportEnumeration;
import io.foundation.mabeam.oracle.VertexEnumeration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * All Nash equilibria of a random 6×6 game (integer payoffs in −100..100) by support enumeration, against the
 * vertex-enumeration oracle the tests use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NashBenchmark {

    private final SupportEnumeration supportEnumeration = new SupportEnumeration();
    private BimatrixGame game;

    @Setup
    public void setUp() {
        game = Instances.game(6, 6, 6);
    }

    @Benchmark
    public EquilibriumOutcome supportEnumeration6x6() {
        return supportEnumeration.run(game);
    }

    @Benchmark
    public List<VertexEnumeration.Profile> vertexEnumerationOracle6x6() {
        return VertexEnumeration.equilibria(game);
    }
}
