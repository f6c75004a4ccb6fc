package dev.riskgate.validation;

import dev.riskgate.schema.ErrorKind;

/** Why a transaction cannot be screened; it goes to the dead-letter topic with this kind and message. */
public record Rejection(ErrorKind kind, String message) {}
