package com.qanatix.crypto;

import java.util.Arrays;

/**
 * Decodes base64 exactly as Python's {@code base64.urlsafe_b64decode} does, which is what
 * {@code cryptography}'s Fernet uses for keys and tokens, so that text one side accepts the other
 * accepts too, and text one side rejects the other rejects: both alphabets ({@code -_} and
 * {@code +/}); characters outside them (whitespace, line breaks) skipped; padding required
 * ({@code Incorrect padding} otherwise); once the padding is complete, whatever follows ignored
 * (so extra {@code =} are accepted).
 */
final class PythonBase64 {
    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        VALUES['-'] = 62;
        VALUES['_'] = 63;
    }

    private PythonBase64() {
    }

    /**
     * @param text base64 or base64url text
     * @return the bytes
     * @throws IllegalArgumentException where Python raises {@code binascii.Error} or
     *     {@code ValueError} (non-ASCII text, incorrect padding); the message quotes no input
     */
    static byte[] decode(CharSequence text) {
        int n = text.length();
        byte[] out = new byte[n / 4 * 3 + 3];
        int size = 0;
        int quadPos = 0;
        int pads = 0;
        int left = 0;
        boolean complete = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 127) {
                throw new IllegalArgumentException("base64 text must be ASCII");
            }
            if (c == '=') {
                if (quadPos >= 2 && quadPos + ++pads >= 4) {
                    complete = true;
                    break;
                }
                continue;
            }
            int v = VALUES[c];
            if (v < 0) {
                continue;
            }
            pads = 0;
            switch (quadPos) {
                case 0 -> {
                    quadPos = 1;
                    left = v;
                }
                case 1 -> {
                    quadPos = 2;
                    out[size++] = (byte) ((left << 2) | (v >> 4));
                    left = v & 0x0f;
                }
                case 2 -> {
                    quadPos = 3;
                    out[size++] = (byte) ((left << 4) | (v >> 2));
                    left = v & 0x03;
                }
                default -> {
                    quadPos = 0;
                    out[size++] = (byte) ((left << 6) | v);
                    left = 0;
                }
            }
        }
        if (!complete && quadPos != 0) {
            throw new IllegalArgumentException(quadPos == 1
                    ? "invalid base64: the number of data characters cannot be 1 more than a multiple of 4"
                    : "incorrect base64 padding");
        }
        byte[] result = Arrays.copyOf(out, size);
        Arrays.fill(out, (byte) 0);
        return result;
    }
}
