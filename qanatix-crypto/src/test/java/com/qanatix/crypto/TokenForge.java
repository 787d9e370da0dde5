package com.qanatix.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Builds tokens by hand, with a valid HMAC over whatever they contain, to test what decryption rejects. */
final class TokenForge {

    final byte[] raw = new byte[32];
    final FernetKey key;

    TokenForge(long seed) {
        new java.util.Random(seed).nextBytes(raw);
        key = FernetKey.fromBytes(raw);
    }

    /** AES-CBC without padding: the caller decides what the last block looks like. */
    byte[] encryptRaw(byte[] blocks, byte[] iv) {
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(raw, 16, 16, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(blocks);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code version ‖ timestamp ‖ iv ‖ ciphertext ‖ HMAC}, the HMAC made with this key. */
    String signed(byte version, long timestamp, byte[] iv, byte[] ciphertext) {
        ByteBuffer body = ByteBuffer.allocate(1 + 8 + iv.length + ciphertext.length);
        body.put(version).putLong(timestamp).put(iv).put(ciphertext);
        byte[] signedPart = body.array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(raw, 0, 16, "HmacSHA256"));
            byte[] hmac = mac.doFinal(signedPart);
            byte[] token = Arrays.copyOf(signedPart, signedPart.length + hmac.length);
            System.arraycopy(hmac, 0, token, signedPart.length, hmac.length);
            return Base64.getUrlEncoder().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a token, recomputes its HMAC after {@code edit} changed the bytes, and encodes it again. */
    String resigned(String token, java.util.function.Consumer<byte[]> edit) {
        byte[] data = Base64.getUrlDecoder().decode(token);
        edit.accept(data);
        byte[] iv = Arrays.copyOfRange(data, 9, 25);
        byte[] ciphertext = Arrays.copyOfRange(data, 25, data.length - 32);
        return signed(data[0], ByteBuffer.wrap(data, 1, 8).getLong(), iv, ciphertext);
    }
}
