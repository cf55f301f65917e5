package io.foundation.itests.consul;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A test server for the Consul HTTP API that Foundation's consul strategy uses (see {@link ConsulApi} for the
 * endpoints), playing one Consul agent in one datacenter, plus the catalogs of other datacenters it can reach.
 * Usable in-process ({@link #start(Options)}) or as a process ({@link ConsulFakeMain}); tests steer it through
 * the methods here or the equivalent HTTP controls under {@code /test/} (itests/consul-fake/README.md).
 *
 * <p>It is not Consul: one node, no Raft, no gossip, TTL checks only. It follows Consul's documented paths,
 * shapes, headers and status codes for what it does implement, so a client that works against it speaks the
 * documented API.
 */
public final class ConsulFake implements AutoCloseable {

    /** How to start a fake. */
    public static final class Options {
        private String bind = "127.0.0.1";
        private int port;
        private String datacenter = "dc1";
        private List<String> otherDatacenters = List.of();
        private String node = "consul-fake";

        /** The address to listen on; default 127.0.0.1. */
        public Options bind(String address) {
            this.bind = address;
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Options port(int port) {
            this.port = port;
            return this;
        }

        /** The agent's own datacenter; default dc1. */
        public Options datacenter(String name) {
            this.datacenter = name;
            return this;
        }

        /** Datacenters reachable with {@code ?dc=}; fill their catalogs with {@link #register(String, String)}. */
        public Options otherDatacenters(String... names) {
            this.otherDatacenters = List.of(names);
            return this;
        }

        /** The name of the agent's node. */
        public Options node(String name) {
            this.node = name;
            return this;
        }
    }

    private static final int MAX_RECORDED = 10_000;

    private final InetAddress bindAddress;
    private final int port;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final Datacenter local;
    private final Map<String, Datacenter> datacenters = new LinkedHashMap<>();
    private final Acl acl = new Acl();
    private final ConsulApi api;
    private final Deque<RecordedRequest> requests = new ConcurrentLinkedDeque<>();
    private HttpServer server;
    private volatile boolean down;

    private ConsulFake(Options options) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newCachedThreadPool(r -> daemon(r, "consul-fake-http-" + threads.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "consul-fake-timer"));
        this.bindAddress = InetAddress.getByName(options.bind);
        String nodeAddress = bindAddress.isAnyLocalAddress() ? "127.0.0.1" : bindAddress.getHostAddress();
        this.local = new Datacenter(options.datacenter, options.node, nodeAddress, timer);
        datacenters.put(local.name(), local);
        for (String other : options.otherDatacenters) {
            datacenters.put(other, new Datacenter(other, options.node + "-" + other, nodeAddress, timer));
        }
        this.api = new ConsulApi(local, datacenters, acl);
        this.server = listen(new InetSocketAddress(bindAddress, options.port));
        this.port = server.getAddress().getPort();
    }

    /** A fake on a free loopback port, datacenter dc1, ACLs off. */
    public static ConsulFake start() throws IOException {
        return start(new Options());
    }

    public static ConsulFake start(Options options) throws IOException {
        return new ConsulFake(options);
    }

    /** The agent address a client uses, such as {@code http://127.0.0.1:8500}. */
    public String url() {
        String host = bindAddress.isAnyLocalAddress() ? "127.0.0.1" : bindAddress.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The ACL system: {@link Acl#enable}, {@link Acl#grant}, {@link Acl#revoke}. */
    public Acl acl() {
        return acl;
    }

    /** The requests received on {@code /v1/...}, oldest first (at most the last 10000). */
    public List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The current status of a check of the agent's datacenter ({@code passing}, {@code warning}, {@code critical}). */
    public Optional<String> checkStatus(String checkId) {
        return Optional.ofNullable(local.check(checkId)).map(Datacenter.Check::status);
    }

    /** The agent datacenter's index: what {@code X-Consul-Index} says now. */
    public long index() {
        return local.index();
    }

    /**
     * Forces a check of the agent's datacenter to {@code status} until {@link #unpinCheck}; TTL updates are
     * accepted meanwhile but change nothing. False if there is no such check.
     */
    public boolean pinCheck(String checkId, String status, String output) {
        if (!Datacenter.STATUSES.contains(status)) {
            throw new IllegalArgumentException("status must be one of " + Datacenter.STATUSES + ", was " + status);
        }
        return local.pin(checkId, status, output);
    }

    /** Lets TTL updates set the check's status again; it keeps the forced status until the next one. */
    public boolean unpinCheck(String checkId) {
        return local.unpin(checkId);
    }

    /** The agent forgets every service and check registered through it, as after losing its state. */
    public void forgetAgentServices() {
        local.forgetAll();
    }

    /**
     * Stops listening: connections are refused and blocking queries in progress are cut, as when the agent is
     * down. Registrations are kept; {@link #resume()} listens on the same port again.
     */
    public synchronized void suspend() {
        if (down) {
            return;
        }
        down = true;
        datacenters.values().forEach(Datacenter::interruptWaiters);
        server.stop(0);
    }

    /** Listens again on the same port after {@link #suspend()}. */
    public synchronized void resume() throws IOException {
        if (!down) {
            return;
        }
        server = listen(new InetSocketAddress(bindAddress, port));
        down = false;
    }

    /** Stops the server for good. */
    @Override
    public synchronized void close() {
        down = true;
        datacenters.values().forEach(Datacenter::interruptWaiters);
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
    }

    /** The datacenters this fake knows, its own first. */
    public Collection<String> datacenters() {
        return List.copyOf(datacenters.keySet());
    }

    private HttpServer listen(InetSocketAddress address) throws IOException {
        HttpServer s = HttpServer.create(address, 64);
        s.setExecutor(handlers);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) {
        HttpCall call = new HttpCall(exchange);
        try {
            String path = call.path();
            if (down) {
                call.close();
            } else if (path.startsWith("/v1/")) {
                record(call);
                api.handle(call);
            } else if (path.startsWith("/test/")) {
                new TestControls(this, call).handle();
            } else {
                call.text(404, "404 page not found");
            }
        } catch (Datacenter.Interrupted e) {
            call.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.close();
        } catch (IOException | RuntimeException e) {
            if (!call.answered()) {
                try {
                    call.text(500, e.toString());
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        } finally {
            exchange.close();
        }
    }

    private void record(HttpCall call) {
        String dc = call.param("dc");
        requests.addLast(new RecordedRequest(call.method(), call.path(), call.rawQuery(), ConsulApi.tokenOf(call),
                dc == null ? "" : dc));
        while (requests.size() > MAX_RECORDED) {
            requests.pollFirst();
        }
    }

    /** For the test controls: the catalog of a datacenter, empty if unknown. */
    Optional<Datacenter> datacenter(String name) {
        return Optional.ofNullable(datacenters.get(name));
    }

    ConsulApi api() {
        return api;
    }

    /** For the test controls: suspends now and resumes after {@code length}. */
    void outage(Duration length) {
        timer.execute(this::suspend);
        timer.schedule(() -> {
            try {
                resume();
            } catch (IOException e) {
                System.err.println("consul-fake: cannot listen again on port " + port + ": " + e);
            }
        }, length.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Registers a service straight into {@code datacenter}'s catalog, from a body as the agent's register endpoint
     * takes it ({@code {"ID": ..., "Name": ..., "Address": ..., "Port": ..., "Check": {"TTL": "10s", "Status":
     * "passing"}}}).
     *
     * @throws IllegalArgumentException naming the problem if the datacenter is unknown or the body is refused
     */
    public void register(String datacenter, String registrationJson) {
        Datacenter dc = datacenters.get(datacenter);
        if (dc == null) {
            throw new IllegalArgumentException("unknown datacenter " + datacenter + "; known: " + datacenters());
        }
        dc.register(ConsulApi.definitionOf(registrationJson), false);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
