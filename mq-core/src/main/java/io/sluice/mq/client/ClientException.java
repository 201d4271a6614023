package io.sluice.mq.client;

import io.sluice.mq.common.MqException;

/**
 * A request of the client failed in a way that retrying the same request will not fix (for
 * example NO_PERMISSION, MESSAGE_ILLEGAL, a topic that does not exist). Carries the response code
 * and remark; {@link ResponseError#LOCAL} when the failure was detected by the client. Immutable.
 */
public class ClientException extends MqException implements ResponseError {

    private static final long serialVersionUID = 1L;

    private final int responseCode;
    private final String remark;
    private final String address;

    public ClientException(String message, int responseCode, String remark, String address) {
        super(message);
        this.responseCode = responseCode;
        this.remark = remark;
        this.address = address;
    }

    public ClientException(String message, Throwable cause) {
        super(message, cause);
        this.responseCode = LOCAL;
        this.remark = null;
        this.address = null;
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
