/**
 * Long polling: {@link io.sluice.mq.broker.longpoll.PullHoldService} parks requests that found
 * nothing and resumes them when the store dispatches new entries for their queue or their hold
 * time ends. Knows nothing about pulls beyond {@link io.sluice.mq.broker.longpoll.HeldRequest}.
 *
 * <p>Imports {@code common} only.
 */
package io.sluice.mq.broker.longpoll;
