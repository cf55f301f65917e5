package io.foundation.registry.ignite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.lifecycle.LifecycleBean;
import org.apache.ignite.lifecycle.LifecycleEventType;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.xml.DelegatingEntityResolver;
import org.springframework.beans.factory.xml.XmlBeanDefinitionReader;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Starts and stops the bundle's embedded Ignite server node. The node is private: its classes come from this
 * bundle, it listens only on the member's own address, finds peers only through the Foundation view, never sends
 * multicast, never loads classes from peers, never persists, and a failure inside it stops the Ignite node, never
 * the JVM. Both start and stop are bounded in time.
 */
final class GridNode {

    private static final Logger LOG = LoggerFactory.getLogger(GridNode.class);
    private static final long MB = 1024L * 1024;
    private static final long STOP_MILLIS = 10_000;

    private GridNode() {
    }

    /**
     * Starts a node and waits until it has joined its peers.
     *
     * @param loader the class loader Ignite loads its own and the grid's classes with: this bundle's
     * @throws IllegalStateException naming the cause when the configuration cannot be read or the node does not start
     *                               in time; nothing is left running then
     */
    static Ignite start(GridSettings settings, ClassLoader loader) {
        return start(settings, loader, () -> { });
    }

    /**
     * Starts a node as {@link #start(GridSettings, ClassLoader)} does.
     *
     * @param stopping told when the node begins to stop, whoever stops it: {@link #stop}, or Ignite itself after a
     *                 failure or being dropped from its cluster
     */
    static Ignite start(GridSettings settings, ClassLoader loader, Runnable stopping) {
        IgniteConfiguration cfg = configuration(settings, loader);
        LifecycleBean[] given = cfg.getLifecycleBeans() == null ? new LifecycleBean[0] : cfg.getLifecycleBeans();
        LifecycleBean[] beans = Arrays.copyOf(given, given.length + 1);
        beans[given.length] = event -> {
            if (event == LifecycleEventType.BEFORE_NODE_STOP) {
                stopping.run();
            }
        };
        cfg.setLifecycleBeans(beans);
        // Both are system properties only. Ignite asks ignite.apache.org for updates unless told not to; and its
        // shutdown hook would stop the node behind the bundle's back while the framework is stopping it in order.
        System.setProperty("IGNITE_UPDATE_NOTIFIER", "false");
        System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", "true");
        FutureTask<Ignite> start = new FutureTask<>(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            // Ignite finds its marshallers and binary implementation with ServiceLoader through the TCCL.
            thread.setContextClassLoader(loader);
            try {
                return Ignition.start(cfg);
            } finally {
                thread.setContextClassLoader(previous);
            }
        });
        Thread starter = new Thread(start, "ignite-start-" + settings.instanceName());
        starter.setDaemon(true);
        starter.start();
        try {
            return start.get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            starter.interrupt();
            stop(settings.instanceName());
            throw new IllegalStateException("Ignite did not start within " + settings.startTimeout().toSeconds()
                    + " s (start.timeout) on " + settings.bindHost().getHostAddress() + " ports "
                    + settings.discoveryPort() + ".." + (settings.discoveryPort() + settings.portRange()));
        } catch (ExecutionException e) {
            stop(settings.instanceName());
            throw new IllegalStateException("Ignite failed to start: " + causes(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            starter.interrupt();
            stop(settings.instanceName());
            throw new IllegalStateException("interrupted while Ignite was starting");
        }
    }

    /** Stops the named node, cancelling what it is doing; returns within about ten seconds whatever happens. */
    static void stop(String instanceName) {
        FutureTask<Boolean> stop = new FutureTask<>(() -> Ignition.stop(instanceName, true));
        Thread stopper = new Thread(stop, "ignite-stop-" + instanceName);
        stopper.setDaemon(true);
        stopper.start();
        try {
            stop.get(STOP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Ignite node {} did not stop cleanly: {}", instanceName, e.toString());
        }
    }

    static IgniteConfiguration configuration(GridSettings settings, ClassLoader loader) {
        IgniteConfiguration cfg = settings.expertXml().map(xml -> expert(xml, loader)).orElseGet(GridNode::quiet);
        String host = settings.bindHost().getHostAddress();
        cfg.setIgniteInstanceName(settings.instanceName());
        cfg.setClassLoader(loader);
        cfg.setGridLogger(IgniteLog.root());
        cfg.setLocalHost(host);
        cfg.setPeerClassLoadingEnabled(false);
        cfg.setMetricsLogFrequency(0);
        cfg.setFailureHandler(new StopNodeFailureHandler());
        if (cfg.getWorkDirectory() == null) {
            cfg.setWorkDirectory(settings.workDirectory().toAbsolutePath().toString());
        }
        TcpDiscoverySpi discovery = cfg.getDiscoverySpi() instanceof TcpDiscoverySpi given ? given
                : new TcpDiscoverySpi();
        discovery.setIpFinder(new ViewIpFinder(settings.peers(), settings.discoveryPort(), settings.portRange()));
        discovery.setLocalAddress(host);
        discovery.setLocalPort(settings.discoveryPort());
        discovery.setLocalPortRange(settings.portRange());
        cfg.setDiscoverySpi(discovery);
        TcpCommunicationSpi communication = cfg.getCommunicationSpi() instanceof TcpCommunicationSpi given ? given
                : new TcpCommunicationSpi();
        communication.setLocalAddress(host);
        communication.setLocalPort(settings.communicationPort());
        communication.setLocalPortRange(settings.portRange());
        if (communication.getMessageQueueLimit() == 0) {
            // Unbounded outbound queues can exhaust the node's heap when a peer is slow.
            communication.setMessageQueueLimit(1024);
        }
        cfg.setCommunicationSpi(communication);
        return cfg;
    }

    /** A small node: a registry needs little memory and few threads, and no client or REST ports. */
    private static IgniteConfiguration quiet() {
        IgniteConfiguration cfg = new IgniteConfiguration();
        cfg.setClientConnectorConfiguration(null);
        cfg.setConnectorConfiguration(null);
        cfg.setPublicThreadPoolSize(2);
        cfg.setSystemThreadPoolSize(4);
        cfg.setServiceThreadPoolSize(1);
        cfg.setQueryThreadPoolSize(2);
        cfg.setStripedPoolSize(2);
        cfg.setAsyncCallbackPoolSize(2);
        cfg.setManagementThreadPoolSize(1);
        cfg.setPeerClassLoadingThreadPoolSize(1);
        cfg.setDataStreamerThreadPoolSize(1);
        cfg.setUtilityCachePoolSize(2);
        cfg.setRebalanceThreadPoolSize(1);
        cfg.setSnapshotThreadPoolSize(1);
        cfg.setBuildIndexThreadPoolSize(1);
        cfg.setDataStorageConfiguration(new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(new DataRegionConfiguration().setName("default")
                        .setPersistenceEnabled(false).setInitialSize(16 * MB).setMaxSize(64 * MB))
                .setSystemDataRegionConfiguration(new SystemDataRegionConfiguration()
                        .setInitialSize(10 * MB).setMaxSize(20 * MB)));
        return cfg;
    }

    /**
     * The one {@code IgniteConfiguration} bean of an expert's Spring XML. Read offline: a schema the embedded Spring
     * jars do not carry is an error, not a download.
     */
    private static IgniteConfiguration expert(Path xml, ClassLoader loader) {
        if (!Files.isReadable(xml)) {
            throw new IllegalArgumentException("ignite.config " + xml + " is not a readable file");
        }
        try {
            DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
            beans.setBeanClassLoader(loader);
            XmlBeanDefinitionReader reader = new XmlBeanDefinitionReader(beans);
            reader.setBeanClassLoader(loader);
            reader.setResourceLoader(new DefaultResourceLoader(loader));
            DelegatingEntityResolver bundled = new DelegatingEntityResolver(loader);
            reader.setEntityResolver((publicId, systemId) -> {
                InputSource source = bundled.resolveEntity(publicId, systemId);
                if (source == null) {
                    throw new SAXException("schema " + systemId + " is not available offline");
                }
                return source;
            });
            reader.loadBeanDefinitions(new FileSystemResource(xml));
            Map<String, IgniteConfiguration> configs = beans.getBeansOfType(IgniteConfiguration.class);
            if (configs.size() != 1) {
                throw new IllegalArgumentException("ignite.config " + xml + " must define exactly one "
                        + IgniteConfiguration.class.getName() + " bean, found " + configs.size());
            }
            return configs.values().iterator().next();
        } catch (BeansException e) {
            Throwable cause = e.getMostSpecificCause();
            String where = cause instanceof SAXParseException parse
                    ? "line " + parse.getLineNumber() + " column " + parse.getColumnNumber() + ": " : "";
            throw new IllegalArgumentException("ignite.config " + xml + " cannot be read: " + where
                    + cause.getMessage(), e);
        }
    }

    /** The distinct messages of a cause chain, outermost first, so the reason at the bottom is seen. */
    static String causes(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null && messages.size() < 6; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.add(message);
            }
        }
        return String.join(": ", messages);
    }
}
