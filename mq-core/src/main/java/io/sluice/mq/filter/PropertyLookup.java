package io.sluice.mq.filter;

/** The properties of one message as a filter reads them: the value of a name, or null when absent. */
@FunctionalInterface
public interface PropertyLookup {

    /** The value of property {@code name}, or null when the message does not have it. */
    String get(String name);
}
