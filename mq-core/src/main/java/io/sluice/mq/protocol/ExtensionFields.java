package io.sluice.mq.protocol;

/**
 * Names of Sluice's extension fields in the headers of standard requests and responses. A stock
 * RocketMQ broker or client decodes headers into fixed classes and ignores fields it does not know,
 * so these ride along without changing the standard codes' meaning; each field is optional, and its
 * absence means what the standard request means.
 */
public final class ExtensionFields {

    /**
     * UPDATE_CONSUMER_OFFSET / QUERY_CONSUMER_OFFSET: metadata stored with a committed offset (UTF-8,
     * at most 4096 bytes), e.g. the stream job and checkpoint that committed it.
     */
    public static final String COMMIT_METADATA = "sluiceCommitMetadata";

    private ExtensionFields() {}
}
