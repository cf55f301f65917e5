/** Gogo commands of scope {@code mabeam}: list the coordination protocols and run one on a JSON problem. */
package io.foundation.shell.internal.mabeam;
