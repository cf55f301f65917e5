package io.foundation.core.internal.node;

import org.jgroups.JChannel;

/**
 * A part of the node that works over the cluster channel. Register it as a service of this bundle; the node calls
 * it once a channel is connected and before that channel closes (a configuration change replaces the channel).
 */
public interface ChannelUser {

    void channelOpened(JChannel channel) throws Exception;

    void channelClosing(JChannel channel);
}
