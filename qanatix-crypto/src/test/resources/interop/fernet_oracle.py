"""Answers Fernet questions with Python's `cryptography`, for PythonCryptographyRoundTripTest.

Reads a JSON list of operations on stdin and writes a JSON list of results (same order) on
stdout. Byte strings travel as base64url text.
"""
import base64
import json
import sys

import cryptography
from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def b64(data):
    return base64.urlsafe_b64encode(data).decode("ascii")


def run(op):
    kind = op["op"]
    try:
        if kind == "decrypt":
            f = Fernet(op["key"])
            token = op["token"].encode("ascii")
            if "ttl" in op and "now" in op:
                plaintext = f.decrypt_at_time(token, op["ttl"], op["now"])
            elif "ttl" in op:
                plaintext = f.decrypt(token, op["ttl"])
            else:
                plaintext = f.decrypt(token)
            return {"ok": True, "plaintext_b64": b64(plaintext), "timestamp": f.extract_timestamp(token)}
        if kind == "multi_decrypt":
            m = MultiFernet([Fernet(k) for k in op["keys"]])
            return {"ok": True, "plaintext_b64": b64(m.decrypt(op["token"].encode("ascii")))}
        if kind == "rotate":
            m = MultiFernet([Fernet(k) for k in op["keys"]])
            return {"ok": True, "token": m.rotate(op["token"].encode("ascii")).decode("ascii")}
        if kind == "generate":
            key = Fernet.generate_key()
            plaintext = base64.urlsafe_b64decode(op["plaintext_b64"])
            return {"ok": True, "key": key.decode("ascii"),
                    "token": Fernet(key).encrypt(plaintext).decode("ascii")}
        return {"ok": False, "error": "unknown op " + kind}
    except InvalidToken:
        return {"ok": False, "error": "InvalidToken"}


def main():
    ops = json.load(sys.stdin)
    json.dump({"cryptography": cryptography.__version__, "results": [run(op) for op in ops]}, sys.stdout)


if __name__ == "__main__":
    main()
