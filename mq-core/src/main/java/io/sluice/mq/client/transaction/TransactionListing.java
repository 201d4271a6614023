package io.sluice.mq.client.transaction;

/** Which transactions {@link io.sluice.mq.client.MqClient#listTransactions} returns. */
public enum TransactionListing {
    /** Open ones (sealed or not): what a restarting sink aborts or commits. */
    OPEN,
    /** Open ones and the ended ones the brokers still remember. */
    ALL
}
