package io.foundation.core.internal.strategy.fixed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Seed;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * {@code static}: peers are where {@code static.seeds} says ({@code host:port} or {@code host}, comma-separated;
 * {@code FOUNDATION_SEEDS} in the environment). A list with a bad entry is refused as a whole and the previous list
 * stays in use.
 */
@Component(service = ClusterStrategy.class, configurationPid = NodeSettings.PID)
public final class StaticStrategy implements ClusterStrategy {

    private static final String KEY = "static.seeds";
    private static final Logger LOG = LoggerFactory.getLogger(StaticStrategy.class);

    private final Overrides overrides;
    private volatile List<Seed> seeds = List.of();
    private volatile String problem;

    @Activate
    public StaticStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), config);
    }

    StaticStrategy(Overrides overrides, Map<String, Object> config) {
        this.overrides = overrides;
        apply(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        apply(config);
    }

    @Override
    public String name() {
        return "static";
    }

    @Override
    public Optional<String> configurationProblem() {
        if (problem != null) {
            return Optional.of(problem);
        }
        return seeds.isEmpty() ? Optional.of(KEY + " is empty: list peers as host:port") : Optional.empty();
    }

    @Override
    public Collection<Seed> seeds(String cluster) {
        if (seeds.isEmpty()) {
            throw new IllegalStateException(problem != null ? problem : KEY + " is empty: list peers as host:port");
        }
        return seeds;
    }

    private void apply(Map<String, Object> config) {
        List<String> entries = new SettingsReader(overrides.apply(config, List.of(KEY))).list(KEY, List.of());
        List<Seed> parsed = new ArrayList<>();
        for (String entry : entries) {
            try {
                parsed.add(Seed.parse(entry));
            } catch (IllegalArgumentException e) {
                problem = KEY + " refused (" + overrides.sourceOf(KEY) + "): " + e.getMessage() + "; keeping "
                        + (seeds.isEmpty() ? "no seeds" : seeds);
                LOG.error(problem);
                return;
            }
        }
        problem = null;
        if (!parsed.equals(seeds)) {
            seeds = List.copyOf(parsed);
            LOG.debug("Static seeds: {}", seeds);
        }
    }
}
