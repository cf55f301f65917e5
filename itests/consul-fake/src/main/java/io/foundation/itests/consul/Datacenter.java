package io.foundation.itests.consul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The catalog of one datacenter as the fake holds it: the services registered through its agent with their
 * checks, and one index (like Consul's Raft index) that grows with every change that a query could see. Blocking
 * queries wait on this object for the index to pass theirs. TTL checks turn critical when not updated in time,
 * and a service whose check stays critical for its {@code DeregisterCriticalServiceAfter} is removed. Thread-safe.
 */
final class Datacenter {

    static final String PASSING = "passing";
    static final String WARNING = "warning";
    static final String CRITICAL = "critical";
    static final Set<String> STATUSES = Set.of(PASSING, WARNING, CRITICAL);

    /** The node of this datacenter's agent; every service registered here runs on it. */
    record Node(String id, String name, String address) {
    }

    /** A registered service instance, as the catalog stores it. */
    record Service(String id, String name, String address, int port, List<String> tags, Map<String, String> meta,
                   boolean enableTagOverride, Map<String, Integer> weights, long createIndex, long modifyIndex) {

        boolean sameAs(Service other) {
            return other != null && id.equals(other.id) && name.equals(other.name) && address.equals(other.address)
                    && port == other.port && tags.equals(other.tags) && meta.equals(other.meta)
                    && enableTagOverride == other.enableTagOverride && weights.equals(other.weights);
        }
    }

    /** A health check; {@code serviceId} is empty for node checks. {@code ttl} is null for the node's serf check. */
    record Check(String id, String name, String serviceId, String serviceName, String status, String output,
                 String notes, Duration ttl, Duration deregisterAfter, long createIndex, long modifyIndex) {

        Check withStatus(String newStatus, String newOutput, long index) {
            return new Check(id, name, serviceId, serviceName, newStatus, newOutput, notes, ttl, deregisterAfter,
                    createIndex, index);
        }
    }

    /** A check as a registration defines it; {@code status} null means "keep the current one, or critical". */
    record CheckDefinition(String id, String name, Duration ttl, String status, String notes,
                           Duration deregisterAfter) {
    }

    /** A service as a registration defines it. */
    record ServiceDefinition(String id, String name, String address, int port, List<String> tags,
                             Map<String, String> meta, boolean enableTagOverride, Map<String, Integer> weights,
                             List<CheckDefinition> checks) {
    }

    /** A service with its own checks and its node's checks, as the health endpoint lists it. */
    record Entry(Node node, Service service, List<Check> checks) {

        boolean passing() {
            return checks.stream().allMatch(c -> c.status().equals(PASSING));
        }
    }

    /** What {@link #updateCheck} found. */
    enum Update { DONE, UNKNOWN_CHECK, NOT_TTL }

    /** A blocking query that was cut short because the fake went down. */
    static final class Interrupted extends Exception {
        Interrupted() {
            super("the fake agent is shutting down or in an outage");
        }
    }

    private final String name;
    private final Node node;
    private final Check serfHealth;
    private final ScheduledExecutorService timer;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Check> checks = new LinkedHashMap<>();
    /** Bumped whenever a check's TTL is renewed or the check replaced, so older expiry tasks do nothing. */
    private final Map<String, Long> ttlGenerations = new HashMap<>();
    /** When each critical check became critical, so a reaper task can tell whether it stayed critical. */
    private final Map<String, Long> criticalSince = new HashMap<>();
    private final Map<String, String> pinned = new HashMap<>();
    private long index = 1;
    private long generation;
    private int interruptions;

    Datacenter(String name, String nodeName, String nodeAddress, ScheduledExecutorService timer) {
        this.name = name;
        this.node = new Node(UUID.nameUUIDFromBytes((name + "/" + nodeName).getBytes()).toString(), nodeName,
                nodeAddress);
        this.serfHealth = new Check("serfHealth", "Serf Health Status", "", "", PASSING, "Agent alive and reachable",
                "", null, null, 1, 1);
        this.timer = timer;
    }

    String name() {
        return name;
    }

    Node node() {
        return node;
    }

    synchronized long index() {
        return index;
    }

    /**
     * Adds or replaces a service and its checks, as {@code PUT /v1/agent/service/register} does. A check that
     * already exists keeps its status unless the definition sets one; other checks of the service stay unless
     * {@code replaceExistingChecks}.
     */
    synchronized void register(ServiceDefinition def, boolean replaceExistingChecks) {
        boolean changed = false;
        Service before = services.get(def.id());
        Service service = new Service(def.id(), def.name(), def.address(), def.port(), List.copyOf(def.tags()),
                Map.copyOf(def.meta()), def.enableTagOverride(), Map.copyOf(def.weights()),
                before != null ? before.createIndex() : index + 1, index + 1);
        if (!service.sameAs(before)) {
            services.put(def.id(), service);
            changed = true;
        }
        Set<String> defined = new LinkedHashSet<>();
        for (CheckDefinition cd : def.checks()) {
            defined.add(cd.id());
            Check old = checks.get(cd.id());
            String status = cd.status() != null ? cd.status() : old != null ? old.status() : CRITICAL;
            Check check = new Check(cd.id(), cd.name(), def.id(), def.name(), status,
                    old != null ? old.output() : "", cd.notes(), cd.ttl(), cd.deregisterAfter(),
                    old != null ? old.createIndex() : index + 1, index + 1);
            if (!sameDefinition(old, check)) {
                checks.put(cd.id(), check);
                changed = true;
            }
            renewTtl(checks.get(cd.id()));
            trackCritical(checks.get(cd.id()));
        }
        if (replaceExistingChecks) {
            changed |= checks.values().removeIf(c -> c.serviceId().equals(def.id()) && !defined.contains(c.id()));
        }
        if (changed) {
            bump();
        }
    }

    /** Removes a service and its checks; false if there was no such service. */
    synchronized boolean deregister(String serviceId) {
        if (services.remove(serviceId) == null) {
            return false;
        }
        List.copyOf(checks.values()).stream().filter(c -> c.serviceId().equals(serviceId))
                .forEach(c -> forgetCheck(c.id()));
        bump();
        return true;
    }

    /** Forgets every registration, as an agent that lost its state would. */
    synchronized void forgetAll() {
        services.clear();
        List.copyOf(checks.keySet()).forEach(this::forgetCheck);
        bump();
    }

    private void forgetCheck(String checkId) {
        checks.remove(checkId);
        ttlGenerations.remove(checkId);
        criticalSince.remove(checkId);
        pinned.remove(checkId);
    }

    synchronized Service service(String serviceId) {
        return services.get(serviceId);
    }

    synchronized Check check(String checkId) {
        return checks.get(checkId);
    }

    /** Sets a TTL check's status and output and restarts its TTL, as the agent's check update endpoints do. */
    synchronized Update updateCheck(String checkId, String status, String output) {
        Check check = checks.get(checkId);
        if (check == null) {
            return Update.UNKNOWN_CHECK;
        }
        if (check.ttl() == null) {
            return Update.NOT_TTL;
        }
        renewTtl(check);
        if (!pinned.containsKey(checkId)) {
            setStatus(check, status, output);
        }
        return Update.DONE;
    }

    /** Forces a check's status until {@link #unpin}; TTL updates are accepted but change nothing meanwhile. */
    synchronized boolean pin(String checkId, String status, String output) {
        Check check = checks.get(checkId);
        if (check == null) {
            return false;
        }
        pinned.put(checkId, status);
        setStatus(check, status, output);
        return true;
    }

    synchronized boolean unpin(String checkId) {
        return pinned.remove(checkId) != null;
    }

    /** The instances of {@code service} with any of {@code tags} (all when empty), in registration order. */
    synchronized List<Entry> health(String service, Collection<String> tags, boolean passingOnly) {
        List<Entry> entries = new ArrayList<>();
        for (Service s : services.values()) {
            if (s.name().equals(service) && (tags.isEmpty() || s.tags().containsAll(tags))) {
                List<Check> list = new ArrayList<>();
                list.add(serfHealth);
                checks.values().stream().filter(c -> c.serviceId().equals(s.id())).forEach(list::add);
                Entry entry = new Entry(node, s, List.copyOf(list));
                if (!passingOnly || entry.passing()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** Every service name with the union of its instances' tags, sorted by name. */
    synchronized Map<String, List<String>> serviceNames() {
        Map<String, Set<String>> names = new TreeMap<>();
        services.values().forEach(s -> names.computeIfAbsent(s.name(), n -> new LinkedHashSet<>()).addAll(s.tags()));
        Map<String, List<String>> result = new LinkedHashMap<>();
        names.forEach((n, t) -> result.put(n, List.copyOf(t)));
        return result;
    }

    /**
     * Waits while the index is at most {@code minIndex}, until {@code deadlineNanos} (System.nanoTime), and returns
     * the index then.
     *
     * @throws Interrupted when {@link #interruptWaiters} is called meanwhile
     */
    synchronized long awaitAfter(long minIndex, long deadlineNanos) throws Interrupted, InterruptedException {
        int seen = interruptions;
        while (index <= minIndex) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            if (interruptions != seen) {
                throw new Interrupted();
            }
        }
        return index;
    }

    /** Ends every blocking query now waiting, as a dying agent would. */
    synchronized void interruptWaiters() {
        interruptions++;
        notifyAll();
    }

    /** Same definition and status: re-registering it changes nothing a query could see. */
    private static boolean sameDefinition(Check old, Check check) {
        return old != null && old.withStatus(old.status(), old.output(), 0)
                .equals(check.withStatus(check.status(), check.output(), 0));
    }

    private void setStatus(Check check, String status, String output) {
        if (check.status().equals(status) && check.output().equals(output)) {
            return;
        }
        Check updated = check.withStatus(status, output, index + 1);
        checks.put(check.id(), updated);
        trackCritical(updated);
        bump();
    }

    private void renewTtl(Check check) {
        if (check == null || check.ttl() == null) {
            return;
        }
        long gen = ++generation;
        ttlGenerations.put(check.id(), gen);
        timer.schedule(() -> expire(check.id(), gen), check.ttl().toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void expire(String checkId, long gen) {
        Check check = checks.get(checkId);
        if (check != null && Objects.equals(ttlGenerations.get(checkId), gen) && !pinned.containsKey(checkId)) {
            setStatus(check, CRITICAL, "TTL expired");
        }
    }

    private void trackCritical(Check check) {
        if (!check.status().equals(CRITICAL)) {
            criticalSince.remove(check.id());
            return;
        }
        if (criticalSince.containsKey(check.id()) || check.deregisterAfter() == null) {
            return;
        }
        long since = ++generation;
        criticalSince.put(check.id(), since);
        timer.schedule(() -> reap(check.id(), since), check.deregisterAfter().toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void reap(String checkId, long since) {
        Check check = checks.get(checkId);
        if (check != null && Objects.equals(criticalSince.get(checkId), since)) {
            deregister(check.serviceId());
        }
    }

    private void bump() {
        index++;
        notifyAll();
    }
}
