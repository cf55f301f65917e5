package io.foundation.strategy.k8s;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.foundation.api.cluster.Seed;
import io.foundation.api.cluster.StaleSeedsException;

/**
 * DNS mode: the A and AAAA records of a headless service, {@code <service>.<namespace>.svc.cluster.local}, which
 * Kubernetes' DNS serves as the IPs of the service's ready pods. Needs no API permission and no token. Asked on
 * every round, bypassing caches.
 *
 * <p>A name that does not exist is an answer (no ready pod, or a wrong name) and fails the round; a server that
 * does not answer or fails keeps the last good seeds, like the API mode.
 */
final class DnsSource implements Source {

    private final K8sSettings settings;
    private final Health health = new Health("the cluster DNS");

    DnsSource(K8sSettings settings) {
        this.settings = settings;
    }

    @Override
    public List<Seed> seeds() throws TextParseException, UnknownHostException, StaleSeedsException {
        Resolver resolver = resolver();
        Name name = Name.fromString(settings.dnsName());
        List<Seed> seeds = new ArrayList<>();
        boolean exists = false;
        String failure = null;
        // A and AAAA at once, so that a silent server costs one k8s.timeout, not two.
        CompletableFuture<Lookup> aaaa = CompletableFuture.supplyAsync(() -> lookup(resolver, name, Type.AAAA));
        Lookup a = lookup(resolver, name, Type.A);
        for (int type : new int[] {Type.A, Type.AAAA}) {
            Lookup lookup = type == Type.A ? a : aaaa.join();
            Record[] records = lookup.getAnswers();
            switch (lookup.getResult()) {
                case Lookup.SUCCESSFUL -> {
                    exists = true;
                    for (Record r : records) {
                        String ip = r instanceof ARecord v4 ? v4.getAddress().getHostAddress()
                                : ((AAAARecord) r).getAddress().getHostAddress();
                        seeds.add(Seed.of(ip, settings.port()));
                    }
                }
                case Lookup.TYPE_NOT_FOUND -> exists = true;
                case Lookup.HOST_NOT_FOUND -> {
                    // an answer: checked below
                }
                default -> failure = failure != null ? failure : "DNS query for " + Type.string(type) + " '"
                        + name + "' failed: " + lookup.getErrorString();
            }
        }
        if (failure != null && seeds.isEmpty()) {
            health.failed(failure);
            Optional<StaleSeedsException> stale = health.stale(null);
            if (stale.isPresent()) {
                throw stale.get();
            }
            throw new UnknownHostException(failure);
        }
        health.seeds(seeds);
        health.ok();
        if (!exists) {
            throw new UnknownHostException("DNS name '" + name + "' does not exist: the headless service has no "
                    + "ready pod, or k8s.service / k8s.namespace do not name it");
        }
        return seeds;
    }

    @Override
    public String describe() {
        return "addresses of the headless service " + settings.dnsName() + " from "
                + (settings.dnsServer().isEmpty() ? "the system's resolvers" : settings.dnsServer());
    }

    @Override
    public void close() {
    }

    private static Lookup lookup(Resolver resolver, Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        lookup.run();
        return lookup;
    }

    private Resolver resolver() throws UnknownHostException {
        Resolver resolver;
        if (settings.dnsServer().isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            Seed server = Seed.parse(settings.dnsServer());
            SimpleResolver simple = new SimpleResolver(server.host());
            if (server.port() != Seed.ANY_PORT) {
                simple.setPort(server.port());
            }
            resolver = simple;
        }
        resolver.setTimeout(settings.timeout());
        return resolver;
    }
}
