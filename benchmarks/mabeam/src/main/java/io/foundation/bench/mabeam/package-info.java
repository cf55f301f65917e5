/**
 * JMH benchmarks of the MABEAM mechanisms, each beside the brute-force oracle its property tests use where one
 * exists, and {@link io.foundation.bench.mabeam.BoundedGaps}, which reports the gap of bounded winner determination.
 */
package io.foundation.bench.mabeam;
