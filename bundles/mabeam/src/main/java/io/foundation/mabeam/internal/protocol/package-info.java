/** What every mechanism shares: its identity as a protocol service and the checks that name an offending field. */
package io.foundation.mabeam.internal.protocol;
