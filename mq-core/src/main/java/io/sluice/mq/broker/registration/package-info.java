/**
 * Registration with the nameservers: periodic, on topic change, and unregistration on shutdown.
 *
 * <p>Imports {@code protocol} and {@code remoting}.
 */
package io.sluice.mq.broker.registration;
