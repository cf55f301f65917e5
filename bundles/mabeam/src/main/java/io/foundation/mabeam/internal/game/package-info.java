/**
 * Game solvers and learning dynamics for two-player games: support enumeration and Lemke–Howson in exact integer
 * arithmetic, regret matching, multiplicative weights and fictitious play.
 */
package io.foundation.mabeam.internal.game;
