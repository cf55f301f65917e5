package io.foundation.registry.ignite;

import org.apache.ignite.IgniteLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ignite's logging into the node's log, under Ignite's own logger names, so logback levels tame it. */
final class IgniteLog implements IgniteLogger {

    private final Logger log;

    IgniteLog(Logger log) {
        this.log = log;
    }

    static IgniteLog root() {
        return new IgniteLog(LoggerFactory.getLogger("org.apache.ignite"));
    }

    @Override
    public IgniteLogger getLogger(Object category) {
        String name = category instanceof Class<?> type ? type.getName()
                : category == null ? "org.apache.ignite" : category.toString();
        return new IgniteLog(LoggerFactory.getLogger(name));
    }

    @Override
    public void trace(String msg) {
        log.trace(msg);
    }

    @Override
    public void debug(String msg) {
        log.debug(msg);
    }

    @Override
    public void info(String msg) {
        log.info(msg);
    }

    @Override
    public void warning(String msg, Throwable e) {
        log.warn(msg, e);
    }

    @Override
    public void error(String msg, Throwable e) {
        log.error(msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    /** Never quiet: Ignite would then print to the console behind the log's back. */
    @Override
    public boolean isQuiet() {
        return false;
    }

    @Override
    public String fileName() {
        return null;
    }
}
