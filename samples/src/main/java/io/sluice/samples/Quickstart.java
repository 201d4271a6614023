package io.sluice.samples;

/** Placeholder replaced in the same change set by the store quickstart. */
public final class Quickstart {
    private Quickstart() {}

    public static void main(String[] args) {
        // CHECKSTYLE.OFF: BannedApi - a command-line entry point prints to stdout
        System.out.println("Sluice quickstart");
        // CHECKSTYLE.ON: BannedApi
    }
}
