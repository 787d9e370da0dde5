package com.qanatix.core.internal.store;

/**
 * The bit arithmetic of the extendible hash that {@link FingerprintIndex} (pages in memory) and
 * {@link MappedFingerprintTable} (pages in a mapped file) share: the top bits of a scrambled key
 * choose a page through the directory, the low half chooses the slot in the page.
 */
final class HashBits {
    /** A slot whose key is this is free; a key hash equal to it is stored as {@link #nonEmpty}'s value. */
    static final long EMPTY = 0L;

    private HashBits() {
    }

    /** @return the directory entry of a scrambled key at a directory of {@code depth} bits */
    static int directoryIndex(long h, int depth) {
        return depth == 0 ? 0 : (int) (h >>> (64 - depth));
    }

    /** @return whether bit number {@code d} (1 = the top bit) of a scrambled key is set */
    static boolean bit(long h, int d) {
        return ((h >>> (64 - d)) & 1L) != 0;
    }

    /** @return the slot bits: the low half, which the directory (top bits) does not use */
    static int slot(long h) {
        return (int) (h ^ (h >>> 32));
    }

    /** @return the key as stored: never {@link #EMPTY} */
    static long nonEmpty(long keyHash) {
        return keyHash == EMPTY ? 1L : keyHash;
    }
}
