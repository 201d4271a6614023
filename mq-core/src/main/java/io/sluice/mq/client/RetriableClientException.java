package io.sluice.mq.client;

import io.sluice.mq.common.RetriableException;

/**
 * A request failed in a way that may succeed when retried, possibly on another broker: SYSTEM_BUSY,
 * SERVICE_NOT_AVAILABLE, SYSTEM_ERROR, TOPIC_NOT_EXIST (routes lag topic creation), GO_AWAY,
 * FLOW_CONTROL. Carries the response code and remark. Immutable.
 */
public class RetriableClientException extends RetriableException implements ResponseError {

    private static final long serialVersionUID = 1L;

    private final int responseCode;
    private final String remark;
    private final String address;

    public RetriableClientException(String message, int responseCode, String remark, String address) {
        super(message);
        this.responseCode = responseCode;
        this.remark = remark;
        this.address = address;
    }

    @Override
    public int responseCode() {
        return responseCode;
    }

    @Override
    public String remark() {
        return remark;
    }

    @Override
    public String address() {
        return address;
    }
}
