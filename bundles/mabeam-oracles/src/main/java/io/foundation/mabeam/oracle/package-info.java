/**
 * Reference implementations the MABEAM property tests and benchmarks use as oracles: slow, obviously correct, and
 * independent of the mechanisms they check.
 */
package io.foundation.mabeam.oracle;
