#!/usr/bin/env python3
"""Check a token the way Voke's JWT listener will, before a device depends on it.

Runs the listener's checks in its order on the exact bytes a device sends as the MQTT password,
with the key file exactly as enrolled, and prints the first rule that fails (or ACCEPT):

    printf '%s' "$TOKEN" > token.txt       # exactly what the device sends, no newline
    python3 check_token.py --key jwt-public.der --username <plant id> --token-file token.txt

or pass the token in VOKE_TOKEN instead of --token-file. Exit status: 0 accepted, 1 refused,
2 usage error. Needs PyJWT's companion package `cryptography` only (Debian: python3-cryptography).
The time checks use this machine's clock; the broker uses its own.
"""
import argparse
import base64
import json
import os
import re
import sys
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_der_public_key

# region config
PLANT_ID = "REPLACE-WITH-YOUR-PLANT-ID"  # the MQTT username the device sends
KEY_FILE = "jwt-public.der"  # the key file enrolled on the broker
# endregion config

INT64 = range(-(2**63), 2**63)


class Refused(Exception):
    def __init__(self, rule, message):
        super().__init__(message)
        self.rule = rule


class NotInteger:
    """A JSON number written with a fraction or exponent: never a valid NumericDate."""

    def __init__(self, lexeme):
        self.lexeme = lexeme


# region key-file
def load_enrolled_key(key_bytes):
    """The key file must be a PKCS#1 RSAPublicKey in DER, 2048-8192 bits, odd 3 <= e < 2**33."""
    if not key_bytes:
        raise Refused("KEY_EMPTY", "the key file is empty")
    if key_bytes.lstrip().startswith(b"-----BEGIN"):
        raise Refused("KEY_PEM_NOT_DER", "the key file is PEM text; the broker needs binary PKCS#1 DER")
    try:
        public_key = load_der_public_key(key_bytes)
    except ValueError:
        raise Refused("KEY_WRONG_FORMAT", "the key file is not an RSA public key in DER (a private key or certificate?)")
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise Refused("KEY_NOT_RSA", "the key file holds a key that is not RSA")
    if public_key.public_bytes(Encoding.DER, PublicFormat.PKCS1) != key_bytes:
        raise Refused("KEY_SPKI_NOT_PKCS1", "the key file is SPKI DER; convert it: "
                      "openssl rsa -pubin -inform DER -in jwt-public.der -RSAPublicKey_out -outform DER -out fixed.der")
    numbers = public_key.public_numbers()
    if not 2048 <= public_key.key_size <= 8192:
        raise Refused("KEY_TOO_SMALL" if public_key.key_size < 2048 else "KEY_TOO_LARGE",
                      f"the key is {public_key.key_size} bits; the broker takes 2048 to 8192")
    if numbers.e % 2 == 0 or not 3 <= numbers.e < 2**33:
        raise Refused("KEY_BAD_EXPONENT", f"the public exponent {numbers.e} is not odd, 3 <= e < 2**33")
    return public_key
# endregion key-file


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def strict_json_object(raw, name):
    """Parse one JSON part the way the broker does: UTF-8, no BOM, an object, numbers kept exact."""
    duplicates = []

    def keep_first(pairs):
        members = {}
        for key, value in pairs:
            if key in members:
                duplicates.append(key)
            else:
                members[key] = value
        return members

    def refuse_constant(word):
        raise ValueError(f"{word} is not JSON")

    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=keep_first,
                           parse_float=NotInteger, parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError):
        raise Refused(f"TOKEN_{name}_NOT_JSON", f"the {name.lower()} is not valid JSON (a BOM counts as invalid)")
    if not isinstance(value, dict):
        raise Refused(f"TOKEN_{name}_NOT_OBJECT", f"the {name.lower()} is JSON but not an object")
    return value, duplicates


def header_alg_or_none(part):
    """The header's alg if the header is readable JSON with a string alg, else None."""
    try:
        header, _ = strict_json_object(b64url_decode(part), "HEADER")
    except Refused as refusal:
        return "(none)" if refusal.rule.endswith("_NOT_OBJECT") else None
    alg = header.get("alg")
    return alg if isinstance(alg, str) else "(none)"


def numeric_date(claims, name):
    """None when absent (or null); else the integer, refusing floats, strings and out-of-range values."""
    value = claims.get(name)
    if value is None:
        return None
    if type(value) is not int or value not in INT64:
        raise Refused(f"{name.upper()}_NOT_INTEGER", f"{name} is not a whole number of seconds")
    return value


# region check
def check(password_bytes, key_bytes, username, now):
    """The listener's checks in its order; returns a list of warnings or raises Refused."""
    # 1. The password's shape: three base64url parts, nothing around them.
    if not password_bytes:
        raise Refused("PASSWORD_EMPTY", "the password is empty")
    try:
        token = password_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("PASSWORD_NOT_UTF8", "the password is not valid UTF-8 (this crashes Voke's broker)")
    if re.match(r"bearer\s", token, re.IGNORECASE):
        raise Refused("TOKEN_BEARER_PREFIX", "remove the 'Bearer ' prefix: the password is the token alone")
    if re.search(r"\s", token):
        raise Refused("TOKEN_WHITESPACE", "remove the whitespace or newline in or around the token")
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("TOKEN_PARTS", f"a JWT has three dot-separated parts, this has {len(parts)}")
    if any("=" in part for part in parts):
        raise Refused("TOKEN_PADDING", "remove the '=' padding: JWTs use unpadded base64url")
    if any(re.search(r"[+/]", part) for part in parts):
        raise Refused("TOKEN_BASE64_ALPHABET", "the token uses '+' or '/': JWTs use the base64url alphabet ('-', '_')")
    if not all(re.fullmatch(r"[A-Za-z0-9_-]*", part) and len(part) % 4 != 1 for part in parts):
        raise Refused("TOKEN_BASE64URL", "a part of the token is not base64url")

    # 2. The signature: RS256 with the enrolled key file, whatever the header says.
    public_key = load_enrolled_key(key_bytes)
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    try:
        public_key.verify(b64url_decode(parts[2]), signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        alg = header_alg_or_none(parts[0])
        if alg is not None and alg != "RS256":
            raise Refused("ALG_NOT_RS256", f"the header alg is {alg!r} and the signature is not RS256: only RS256 is accepted")
        raise Refused("SIGNATURE_MISMATCH", "the signature does not verify with the key file: the two keys are not a pair")

    # 3. The header: alg exactly "RS256".
    header, _ = strict_json_object(b64url_decode(parts[0]), "HEADER")
    if header.get("alg") != "RS256":
        raise Refused("ALG_NOT_RS256", f"the header alg is {header.get('alg')!r}; only exactly 'RS256' is accepted")

    # 4. The claims: sub, then exp, nbf, iat, all with zero leeway.
    claims, duplicates = strict_json_object(b64url_decode(parts[1]), "PAYLOAD")
    if duplicates:
        raise Refused("CLAIM_DUPLICATE", f"the claim {duplicates[0]!r} appears more than once")
    sub = claims.get("sub")
    if sub is None:
        raise Refused("SUB_MISSING", "the token has no sub claim")
    if not isinstance(sub, str):
        raise Refused("SUB_NOT_STRING", "sub is not a string")
    if sub != username:
        raise Refused("SUB_MISMATCH", f"sub is {sub!r} but the username is {username!r} (compared exactly, case included)")
    exp = numeric_date(claims, "exp")
    if exp is not None and exp <= now:
        raise Refused("EXPIRED", f"the token expired {now - exp} s ago: issue a fresh one")
    for name in ("nbf", "iat"):
        value = numeric_date(claims, name)
        if value is not None and value > now:
            raise Refused(f"{name.upper()}_IN_FUTURE", f"{name} is {value - now} s in the future: the device clock is ahead")

    warnings = []
    if exp is None:
        warnings.append("no exp: the broker accepts this token forever; always set exp")
    elif exp - (numeric_date(claims, "iat") or now) > 24 * 3600:
        warnings.append("the lifetime is over 24 hours, longer than Voke's token endpoint issues")
    return warnings
# endregion check


def main():
    parser = argparse.ArgumentParser(description="Check a token with the Voke JWT listener's rules.")
    parser.add_argument("--key", default=os.environ.get("VOKE_KEY_FILE", KEY_FILE), help="the enrolled key file (jwt-public.der)")
    parser.add_argument("--username", default=os.environ.get("VOKE_PLANT_ID", PLANT_ID), help="the MQTT username the device sends")
    parser.add_argument("--token-file", help="a file holding exactly the password the device sends (default: $VOKE_TOKEN)")
    parser.add_argument("--now", type=int, default=None,
                        help="check as if the broker's clock read these Unix seconds (default: this machine's clock)")
    args = parser.parse_args()

    if args.token_file:
        with open(args.token_file, "rb") as f:
            password = f.read()
    elif "VOKE_TOKEN" in os.environ:
        password = os.environb[b"VOKE_TOKEN"]
    else:
        parser.error("give the token with --token-file FILE or the VOKE_TOKEN environment variable")
    try:
        with open(args.key, "rb") as f:
            key_bytes = f.read()
    except OSError as error:
        parser.error(f"cannot read the key file: {error}")

    try:
        warnings = check(password, key_bytes, args.username, args.now if args.now is not None else int(time.time()))
    except Refused as refusal:
        print(f"REJECT {refusal.rule}: {refusal}")
        return 1
    print("ACCEPT")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
