/**
 * Diagnostics an operator runs against a live cluster, such as a steady stream of numbered messages over the node's
 * own cluster channel that counts what was lost, duplicated or late.
 */
@Version("1.0.0")
package io.foundation.api.probe;

import org.osgi.annotation.versioning.Version;
