package io.sluice.mq.common;

/** A message (or one of its parts) exceeds a configured or format limit; not retriable. */
public final class RecordTooLargeException extends MqException {

    public RecordTooLargeException(String what, long sizeBytes, long limitBytes) {
        super(what + " is " + sizeBytes + " bytes, over the limit of " + limitBytes + " bytes");
    }
}
