package io.foundation.logging.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies OSGi Log Service entries into SLF4J, under the logger {@code osgi.<bundle symbolic name>}, so that what
 * SCR, FileInstall and the framework report (a bundle whose activator throws, a jar that is not a bundle, a
 * component that fails) lands in the node's log next to everything else. Entries recorded before this component
 * started are replayed once, oldest first. Written here because Felix's logback bridge does not work with
 * logback 1.5.
 */
@Component(immediate = true)
public final class LogForwarder implements LogListener {

    private final LogReaderService reader;

    @Activate
    public LogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        List<LogEntry> history = new ArrayList<>();
        for (Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements();) {
            history.add(e.nextElement());
        }
        Collections.reverse(history);
        history.forEach(this::logged);
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        Logger logger = LoggerFactory.getLogger("osgi." + (bundle == null || bundle.getSymbolicName() == null
                ? "framework" : bundle.getSymbolicName()));
        String message = entry.getMessage();
        Throwable error = entry.getException();
        switch (entry.getLogLevel()) {
            case ERROR -> logger.error(message, error);
            case WARN -> logger.warn(message, error);
            case INFO -> logger.info(message, error);
            case DEBUG -> logger.debug(message, error);
            default -> logger.trace(message, error);
        }
    }
}
