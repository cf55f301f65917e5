package io.foundation.core.internal.strategy.dns;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.foundation.api.cluster.ClusterStrategy;
import io.foundation.api.cluster.Seed;
import io.foundation.core.internal.settings.NodeSettings;
import io.foundation.settings.Overrides;
import io.foundation.settings.SettingsReader;

/**
 * {@code dns}: peers are the A and AAAA records of {@code dns.name} (on the configured port range), or the targets
 * and ports of its SRV records. {@code dns.record=auto} asks for SRV when the name starts with an underscore
 * ({@code _foundation._tcp.example.com}), otherwise for addresses. Queries go to {@code dns.server} ({@code host} or
 * {@code host:port}) or the system's resolvers, and bypass caches so that a changed record counts on the next
 * round.
 */
@Component(service = ClusterStrategy.class, configurationPid = NodeSettings.PID)
public final class DnsStrategy implements ClusterStrategy {

    private static final List<String> KEYS = List.of("dns.name", "dns.server", "dns.record", "dns.timeout");
    private static final Logger LOG = LoggerFactory.getLogger(DnsStrategy.class);

    private final Overrides overrides;
    private volatile Query query;

    /** One reading of the dns.* settings; {@code problem} says why queries cannot run, if so. */
    private record Query(String name, boolean srv, Resolver resolver, String problem) {
    }

    @Activate
    public DnsStrategy(BundleContext context, Map<String, Object> config) {
        this(Overrides.of(context), config);
    }

    DnsStrategy(Overrides overrides, Map<String, Object> config) {
        this.overrides = overrides;
        this.query = read(config);
    }

    @Modified
    void modified(Map<String, Object> config) {
        query = read(config);
    }

    private Query read(Map<String, Object> config) {
        SettingsReader r = new SettingsReader(overrides.apply(config, KEYS));
        String name = r.text("dns.name", "");
        String record = r.text("dns.record", "auto").toLowerCase(Locale.ROOT);
        if (!List.of("auto", "a", "srv").contains(record)) {
            record = r.reject("dns.record", record, "must be auto, a or srv", "auto");
        }
        boolean srv = record.equals("srv") || record.equals("auto") && name.startsWith("_");
        Duration timeout = r.duration("dns.timeout", Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofMillis(800));
        r.problems().forEach(p -> LOG.error("Configuration {}: {}", NodeSettings.PID, p));
        String server = r.text("dns.server", "");
        try {
            Resolver resolver = resolver(server);
            resolver.setTimeout(timeout);
            return new Query(name, srv, resolver, null);
        } catch (UnknownHostException | IllegalArgumentException e) {
            String problem = "dns.server=" + server + " is unusable: " + e.getMessage();
            LOG.error(problem);
            return new Query(name, srv, null, problem);
        }
    }

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public Optional<String> configurationProblem() {
        Query q = query;
        if (q.problem != null) {
            return Optional.of(q.problem);
        }
        return q.name.isEmpty() ? Optional.of("dns.name is not set") : Optional.empty();
    }

    @Override
    public Collection<Seed> seeds(String cluster) throws TextParseException, UnknownHostException {
        Query q = query;
        if (q.problem != null) {
            throw new IllegalStateException(q.problem);
        }
        if (q.name.isEmpty()) {
            throw new IllegalStateException("dns.name is not set: name the A/AAAA or SRV records of the peers");
        }
        Name name = Name.fromString(q.name, Name.root);
        if (q.srv) {
            List<Seed> seeds = new ArrayList<>();
            for (Record record : lookup(q.resolver, name, Type.SRV)) {
                SRVRecord s = (SRVRecord) record;
                for (String host : addresses(q.resolver, s.getTarget())) {
                    seeds.add(Seed.of(host, s.getPort()));
                }
            }
            return seeds;
        }
        return addresses(q.resolver, name).stream().map(Seed::of).toList();
    }

    private static List<String> addresses(Resolver resolver, Name host) throws UnknownHostException {
        List<String> result = new ArrayList<>();
        UnknownHostException missing = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                for (Record record : lookup(resolver, host, type)) {
                    result.add(record instanceof ARecord a ? a.getAddress().getHostAddress()
                            : ((AAAARecord) record).getAddress().getHostAddress());
                }
            } catch (UnknownHostException e) {
                missing = e;
            }
        }
        if (result.isEmpty() && missing != null) {
            throw missing;
        }
        return result;
    }

    private static List<Record> lookup(Resolver resolver, Name query, int type) throws UnknownHostException {
        Lookup lookup = new Lookup(query, type);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> List.of(records);
            case Lookup.TYPE_NOT_FOUND -> List.of();
            case Lookup.HOST_NOT_FOUND -> throw new UnknownHostException(
                    "DNS name '" + query + "' does not exist (" + Type.string(type) + ")");
            default -> throw new UnknownHostException("DNS query for " + Type.string(type) + " '" + query
                    + "' failed: " + lookup.getErrorString());
        };
    }

    private static Resolver resolver(String server) throws UnknownHostException {
        if (server.isEmpty()) {
            return new ExtendedResolver();
        }
        Seed s = Seed.parse(server);
        SimpleResolver resolver = new SimpleResolver(s.host());
        if (s.port() != Seed.ANY_PORT) {
            resolver.setPort(s.port());
        }
        return resolver;
    }
}
