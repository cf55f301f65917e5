package io.foundation.api.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard callback for membership changes: register an implementation as an OSGi service and the node calls it.
 *
 * <p>On registration a listener first receives the current view (with no previous view), then every later
 * change in the order the views were installed. Calls for one listener never overlap. They run on a node
 * thread, not the cluster transport's, so a slow listener delays only its own later notifications; an exception
 * is logged and does not stop later calls.
 */
@ConsumerType
@FunctionalInterface
public interface ViewListener {

    void viewChanged(ViewChange change);
}
