/**
 * The riskgate command line (picocli): every command, its options and help; the only package that may import
 * everything, the runtime included.
 */
package dev.riskgate.cli;
