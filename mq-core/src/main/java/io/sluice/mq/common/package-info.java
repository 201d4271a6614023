/**
 * Small value types, the {@link io.sluice.mq.common.Clock}, precondition checks and the exception
 * hierarchy shared by every other package.
 *
 * <p>Imports the JDK only.
 */
package io.sluice.mq.common;
