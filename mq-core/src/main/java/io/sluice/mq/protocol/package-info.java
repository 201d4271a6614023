/**
 * Apache RocketMQ's remoting protocol as data: frames ({@link io.sluice.mq.protocol.FrameCodec}),
 * commands with JSON and binary headers ({@link io.sluice.mq.protocol.RemotingCommand}), the code
 * tables, request and response bodies ({@code body}), and the message encodings shared by client
 * and broker ({@code message}). No I/O here; the Netty transport is in {@code io.sluice.mq.remoting}.
 *
 * <p>Imports {@code common} and the JDK only.
 */
package io.sluice.mq.protocol;
