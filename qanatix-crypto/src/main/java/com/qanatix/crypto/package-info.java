/**
 * Fernet symmetric encryption, compatible with Python's {@code cryptography.fernet}, built on
 * the JDK's {@code javax.crypto} alone.
 *
 * <ul>
 *   <li>{@link com.qanatix.crypto.FernetKey}: a key, in Python's text form;</li>
 *   <li>{@link com.qanatix.crypto.FernetCipher}: encrypt and decrypt with one key;</li>
 *   <li>{@link com.qanatix.crypto.MultiFernet}: several keys for rotation, loaded from
 *       {@code CONNECTOR_ENCRYPTION_KEY};</li>
 *   <li>{@link com.qanatix.crypto.InvalidTokenException}: a token was rejected;</li>
 *   <li>{@link com.qanatix.crypto.KeyConfigurationException}: a key or key list is malformed.</li>
 * </ul>
 */
package com.qanatix.crypto;
