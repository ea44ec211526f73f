#!/usr/bin/env python3
"""Check a token the way Voke's JWT listener will, before a device depends on it.

Runs the listener's checks in its order on the exact bytes a device sends as the MQTT password,
with the key file exactly as enrolled, and prints the first rule that fails (or ACCEPT) with the
line Voke's broker log shows for it:

    printf '%s' "$TOKEN" > token.txt       # exactly what the device sends, no newline
    python3 check_token.py --key jwt-public.der --username <plant id> --token-file token.txt

or pass the token in VOKE_TOKEN instead of --token-file. Exit status: 0 accepted, 1 refused,
2 usage error, 3 the token would crash Voke's broker. Needs PyJWT's companion package
`cryptography` only (Debian: python3-cryptography). The time checks use this machine's clock;
the broker uses its own.
"""
import argparse
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

# The broker's date library (chrono 0.4.23) holds years -262144 to 262143: beyond these seconds
# the broker's plugin panics and the whole broker stops.
CHRONO_MAX, CHRONO_MIN = 8210298412799, -8334632851200
KNOWN_ALGS = ["none", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
              "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"]
SPACE = " \t\n\r\v\f"

# The broker's log lines, as Voke's broker rules list them; fill() puts this token's values in.
# N, S and C stand for numbers, '…' for a quoted value; "nanos: N" stays (the broker's clock).
LOG = {
    "username": "jwt-auth: username not set",
    "no_token": "jwt-auth: token not given",
    "parts": "jwt-auth: error decoding jwt: DecodeError(PartsLengthError { expected: 3, actual: N })",
    "base64": "jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: N, kind: Symbol })",
    "signature": "jwt-auth: error decoding jwt: ValidationError(InvalidSignature)",
    "wrong_alg": "jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)",
    "json": 'jwt-auth: error decoding jwt: JsonError(Error("…", line: L, column: C))',
    "not_object": 'jwt-auth: error decoding jwt: JsonError(Error("invalid type: …, expected struct …", line: L, column: C))',
    "expired": "jwt-auth: error validating jwt: ValidationError(Expired(Duration { secs: S, nanos: N }))",
    "not_yet": "jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration { secs: S, nanos: N }))",
    "no_sub": "jwt-auth: claim 'sub' is missing",
    "sub": "jwt-auth: claim 'sub': '…' doesn't match username: '…'",
}
INVALID_SIGNATURE = LOG["signature"]
DISCONNECTED = "Client <unknown> disconnected, not authorised."


def fill(name, **values):
    """LOG[name] with this token's values in place of the placeholders."""
    line = LOG[name]
    for key in ("actual", "position", "secs", "line", "column"):
        if key in values:
            line = re.sub(key + r": [NSLC]\b", f"{key}: {values[key]}", line, count=1)
    if "kind" in values:
        line = line.replace("kind: Symbol", "kind: " + values["kind"])
    if "message" in values:
        line = line.replace('"…"', debug_str(values["message"]), 1)
    if "struct" in values:
        line = line.replace("struct …", "struct " + values["struct"])
    if "sub" in values:
        line = line.replace("'…'", f"'{values['sub']}'", 1).replace("'…'", f"'{values['username']}'", 1)
    return line


class Refused(Exception):
    """The broker refuses (or, with crash=True, dies): rule, why, and its log lines."""

    def __init__(self, rule, message, log, crash=False):
        super().__init__(message)
        self.rule = rule
        self.log = log if crash else [log, DISCONNECTED]
        self.crash = crash


def debug_str(text):
    """Rust's {:?} of a string, as the broker's log prints values."""
    out = ""
    for ch in text:
        if ch in '"\\':
            out += "\\" + ch
        elif ch in "\n\r\t\0":
            out += {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}[ch]
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out += "\\u{%x}" % ord(ch)
        else:
            out += ch
    return '"' + out + '"'


def rust_float(value):
    """Rust's {} of an f64 (shortest digits, no exponent), with serde's '.0'."""
    text = repr(value)
    match = re.fullmatch(r"(-?)(\d+)(?:\.(\d+))?e([+-]\d+)", text)
    if match:
        sign, whole, frac, exp = match.group(1), match.group(2), match.group(3) or "", int(match.group(4))
        digits, point = whole + frac, len(whole) + exp
        if point >= len(digits):
            text = sign + digits + "0" * (point - len(digits))
        elif point <= 0:
            text = sign + "0." + "0" * -point + digits
        else:
            text = sign + digits[:point] + "." + digits[point:]
    return text if "." in text else text + ".0"


class Obj(list):
    """A JSON object: its (name, value) pairs in the order written, repeats kept."""


class Number:
    """A JSON number with its lexeme, read as serde_json does: an integer within i64/u64, else f64."""

    def __init__(self, lexeme):
        self.lexeme = lexeme
        self.integer = None
        if re.fullmatch(r"-?(0|[1-9][0-9]*)", lexeme) and lexeme != "-0" and -(2**63) <= int(lexeme) < 2**64:
            self.integer = int(lexeme)
        elif float(lexeme) in (float("inf"), float("-inf")):
            raise ValueError("number out of range")


def unexpected(value):
    """serde's words for a value of the wrong type."""
    if value is None:
        return "unit value"
    if isinstance(value, bool):
        return "boolean `%s`" % ("true" if value else "false")
    if isinstance(value, str):
        return "string " + debug_str(value)
    if isinstance(value, Obj):
        return "map"
    if isinstance(value, list):
        return "sequence"
    if isinstance(value, Number):
        return "integer `%d`" % value.integer if value.integer is not None else "floating point `%s`" % rust_float(float(value.lexeme))
    return "map"


def position(raw, index):
    """serde_json's 'line: L, column: C' of a byte index."""
    before = raw[:index]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1)


def json_error(message, raw, index):
    line, column = position(raw, index)
    return fill("json", message=message, line=line, column=column)


def b64url_decode(part):
    """base64url without padding as the broker decodes it; returns bytes or (position, kind)."""
    data = part.encode("utf-8")
    if len(data) % 4 == 1:
        return (len(data) - 1, "Length")
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    buffer, bits, out = 0, 0, bytearray()
    for i, byte in enumerate(data):
        value = alphabet.find(bytes([byte]))
        if value < 0:
            return (i, "Symbol")
        buffer, bits = ((buffer << 6) | value) & 0xFFFFFF, bits + 6
        if bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
    if bits and buffer & ((1 << bits) - 1):
        return (len(data) - 1, "Trailing")
    return bytes(out)


def shape_rule(part, failure):
    """Which copying or encoding mistake a part that is not base64url shows."""
    where, kind = failure
    if kind == "Length":
        return "TOKEN_PADDING" if "=" in part else "TOKEN_BASE64URL"
    char = chr(part.encode("utf-8")[where]) if kind == "Symbol" else ""
    return {"=": "TOKEN_PADDING", "+": "TOKEN_BASE64_ALPHABET", "/": "TOKEN_BASE64_ALPHABET"}.get(
        char, "TOKEN_WHITESPACE" if char and char in SPACE else "TOKEN_BASE64URL")


def decode_part(part, name):
    decoded = b64url_decode(part)
    if isinstance(decoded, tuple):
        raise Refused(shape_rule(part, decoded), "the %s part is not base64url (no '=' padding, no whitespace, "
                      "'-' and '_' instead of '+' and '/')" % name,
                      fill("base64", position=decoded[0], kind=decoded[1]))
    return decoded


def json_object(raw, struct, rule_prefix):
    """The JSON object as serde_json reads it: (members in order, closing-brace index), or Refused."""
    def no_lone_surrogates(value):
        if isinstance(value, str) and re.search("[\ud800-\udfff]", value):
            raise ValueError("lone surrogate")  # serde_json refuses "\ud800"
        for item in value if isinstance(value, list) else []:
            for inner in item if isinstance(value, Obj) else [item]:
                no_lone_surrogates(inner)

    first = len(raw) - len(raw.lstrip(b" \t\n\r"))
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, object_pairs_hook=Obj, parse_int=Number, parse_float=Number, parse_constant=lambda word: 1 / 0)
        no_lone_surrogates(value)
    except (UnicodeDecodeError, ValueError, ZeroDivisionError, RecursionError):
        # serde_json's words are known when no JSON value can start there ("expected value").
        starts_value = first >= len(raw) or chr(raw[first]) in '{["-0123456789tfn'
        log = LOG["json"] if starts_value else json_error("expected value", raw, first + 1)
        raise Refused(rule_prefix + "_NOT_JSON", "it is not valid JSON (a BOM or hand-made text?)", log)
    if not isinstance(value, Obj):
        log = json_error("invalid type: sequence, expected struct " + struct, raw, first) if raw[first:first + 1] == b"[" else \
            fill("not_object", struct=struct)
        raise Refused(rule_prefix + "_NOT_OBJECT", "it is JSON but not an object", log)
    return value, len(raw.rstrip(b" \t\n\r")) - 1


# region key-file
def load_enrolled_key(key_bytes):
    """The key file must be a PKCS#1 RSAPublicKey in DER, 256-1024 bytes of modulus, odd 3 <= e < 2**33."""
    if not key_bytes:
        raise Refused("KEY_EMPTY", "the key file is empty", INVALID_SIGNATURE)
    if key_bytes.lstrip().startswith(b"-----BEGIN"):
        raise Refused("KEY_PEM_NOT_DER", "the key file is PEM text; the broker needs binary PKCS#1 DER", INVALID_SIGNATURE)
    try:
        public_key = load_der_public_key(key_bytes)
    except ValueError:
        raise Refused("KEY_WRONG_FORMAT", "the key file is not an RSA public key in DER (a private key or certificate?)",
                      INVALID_SIGNATURE)
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise Refused("KEY_NOT_RSA", "the key file holds a key that is not RSA", INVALID_SIGNATURE)
    if public_key.public_bytes(Encoding.DER, PublicFormat.PKCS1) != key_bytes:
        raise Refused("KEY_SPKI_NOT_PKCS1", "the key file is SPKI DER; convert it: openssl rsa -pubin -inform DER "
                      "-in jwt-public.der -RSAPublicKey_out -outform DER -out fixed.der", INVALID_SIGNATURE)
    numbers = public_key.public_numbers()
    size = (public_key.key_size + 7) // 8  # the broker counts whole bytes: 2041 bits pass, 2040 do not
    if not 256 <= size <= 1024:
        raise Refused("KEY_TOO_SMALL" if size < 256 else "KEY_TOO_LARGE",
                      f"the key is {public_key.key_size} bits; the broker takes 2041 to 8192", INVALID_SIGNATURE)
    if numbers.e % 2 == 0 or not 3 <= numbers.e < 2**33:
        raise Refused("KEY_BAD_EXPONENT", f"the public exponent {numbers.e} is not odd, 3 <= e < 2**33", INVALID_SIGNATURE)
    return public_key
# endregion key-file


def signature_cause(token, parts):
    """The signature does not verify: say which mistake the token shows (the broker logs InvalidSignature)."""
    if re.match(r"bearer[ \t\n\r\v\f]", token, re.IGNORECASE):
        return "TOKEN_BEARER_PREFIX", "remove the 'Bearer ' prefix: the password is the token alone"
    if any(c in SPACE for c in parts[0] + "." + parts[1]):
        return "TOKEN_WHITESPACE", "remove the whitespace or newline in or around the token"
    for rule in ("TOKEN_PADDING", "TOKEN_BASE64_ALPHABET", "TOKEN_BASE64URL"):
        for part in parts[:2]:
            decoded = b64url_decode(part)
            if isinstance(decoded, tuple) and shape_rule(part, decoded) == rule:
                return rule, "a part of the token is not base64url, so the signature cannot match"
    try:
        header, _ = json_object(b64url_decode(parts[0]), "Header", "TOKEN_HEADER")
        alg = next((value for name, value in header if name == "alg"), None)
    except (Refused, TypeError, AttributeError):
        alg = None
    if isinstance(alg, str) and alg != "RS256" and alg in KNOWN_ALGS:
        return "ALG_NOT_RS256", f"the header alg is {alg!r} and the signature is not RS256: only RS256 is accepted"
    return "SIGNATURE_MISMATCH", "the signature does not verify with the key file: the two keys are not a pair"


def check_header(raw):
    """The header typed member by member; returns its alg."""
    members, close = json_object(raw, "Header", "TOKEN_HEADER")
    seen, alg = set(), None
    for name, value in members:
        if name in seen:
            raise Refused("HEADER_DUPLICATE", f"the header has {name!r} twice", json_error(f"duplicate field `{name}`", raw, close))
        seen.add(name)
        if name != "alg":
            continue
        if not isinstance(value, str):
            raise Refused("ALG_NOT_RS256", "the header alg is not a string",
                          json_error(f"invalid type: {unexpected(value)}, expected string or map", raw, close))
        if value not in KNOWN_ALGS:
            names = ", ".join(f"`{a}`" for a in KNOWN_ALGS)
            raise Refused("ALG_NOT_RS256", f"the header alg is {value!r}; only exactly 'RS256' is accepted",
                          json_error(f"unknown variant `{value}`, expected one of {names}", raw, close))
        alg = value
    if alg is None:
        raise Refused("ALG_NOT_RS256", "the header has no alg", json_error("missing field `alg`", raw, close))
    return alg


def check_claim_types(raw):
    """The claims typed in the order written; returns {sub, exp, nbf, iat} (absent or null: missing)."""
    members, close = json_object(raw, "ClaimsSet", "TOKEN_PAYLOAD")
    seen, claims = set(), {}
    for name, value in members:
        if name in seen:
            raise Refused("CLAIM_DUPLICATE", f"the claim {name!r} appears more than once",
                          json_error(f"duplicate field `{name}`", raw, close))
        seen.add(name)
        if value is None:
            continue
        if name == "sub":
            if not isinstance(value, str):
                raise Refused("SUB_NOT_STRING", "sub is not a string", json_error(f"invalid type: {unexpected(value)}, expected a string", raw, close))
            claims["sub"] = value
        if name in ("exp", "nbf", "iat"):
            integer = value.integer if isinstance(value, Number) else None
            if integer is None or integer >= 2**63:
                message = f"invalid value: integer `{integer}`, expected i64" if integer is not None else \
                    f"invalid type: {unexpected(value)}, expected i64"
                raise Refused(f"{name.upper()}_NOT_INTEGER", f"{name} is not a whole number of seconds", json_error(message, raw, close))
            if not CHRONO_MIN <= integer <= CHRONO_MAX:
                raise Refused(f"{name.upper()}_OUT_OF_RANGE",
                              f"{name} is {integer}, beyond the broker's date range: THIS TOKEN CRASHES VOKE'S BROKER "
                              "(every plant drops). Write seconds since 1970, not milliseconds or microseconds",
                              ["thread '<unnamed>' (PID) panicked at …/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
                               "invalid or out-of-range datetime", "…", "thread caused non-unwinding panic. aborting."], crash=True)
            claims[name] = integer
    return claims


# region check
def check(password_bytes, key_bytes, username, now):
    """The listener's checks in its order; returns a list of warnings or raises Refused."""
    # 0. The broker reads the password as a C string and needs UTF-8: anything else crashes it.
    given = bool(password_bytes)  # Mosquitto passes a zero-length password as none at all
    password_bytes = password_bytes.split(b"\0", 1)[0]
    try:
        token = password_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        length = "None" if error.reason == "unexpected end of data" else "Some(%d)" % (error.end - error.start)
        raise Refused("PASSWORD_NOT_UTF8", "the password is not valid UTF-8: THIS CRASHES VOKE'S BROKER (every plant drops)",
                      ["thread '<unnamed>' (PID) panicked at src/mosquitto_sys.rs:155:55:",
                       "called `Result::unwrap()` on an `Err` value: Utf8Error { valid_up_to: %d, error_len: %s }" % (error.start, length),
                       "…", "thread caused non-unwinding panic. aborting."], crash=True)
    # 1. A username, then a password at all.
    if not username:
        raise Refused("USERNAME_EMPTY", "the MQTT username is empty: send the plant id", LOG["username"])
    if not given:
        raise Refused("PASSWORD_EMPTY", "no password: send the signed JWT", LOG["no_token"])
    # 2. Three parts, and the signature part as base64url.
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("TOKEN_PARTS", f"a JWT has three dot-separated parts, this has {len(parts)}", fill("parts", actual=len(parts)))
    signature = decode_part(parts[2], "signature")
    # 3. The RS256 signature over the text exactly as sent, with the enrolled key file.
    public_key = load_enrolled_key(key_bytes)
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise Refused(*signature_cause(token, parts), INVALID_SIGNATURE)
    # 4. The header, typed; alg exactly "RS256".
    if check_header(decode_part(parts[0], "header")) != "RS256":
        raise Refused("ALG_NOT_RS256", "the header names another algorithm over a valid RS256 signature: write alg RS256",
                      LOG["wrong_alg"])
    # 5. The claims, typed; 6. exp, then nbf and iat, zero leeway; 7. sub.
    claims = check_claim_types(decode_part(parts[1], "payload"))
    exp = claims.get("exp")
    if exp is not None and exp <= now:
        raise Refused("EXPIRED", f"the token expired {now - exp} s ago: issue a fresh one", fill("expired", secs=now - exp))
    for name in ("nbf", "iat"):
        value = claims.get(name)
        if value is not None and value > now:
            # The broker's clock is past the whole second: chrono prints one second less.
            raise Refused(f"{name.upper()}_IN_FUTURE", f"{name} is {value - now} s in the future: the device clock is ahead",
                          fill("not_yet", secs=value - now - 1))
    sub = claims.get("sub")
    if sub is None:
        raise Refused("SUB_MISSING", "the token has no sub claim", LOG["no_sub"])
    if sub != username:
        raise Refused("SUB_MISMATCH", f"sub is {sub!r} but the username is {username!r} (compared exactly, case included)",
                      fill("sub", sub=sub, username=username))

    warnings = []
    if exp is None:
        warnings.append("no exp: the broker accepts this token forever; always set exp")
    elif exp > 10**11:
        warnings.append("exp looks like milliseconds: the broker reads a date far ahead, so it never expires; write seconds")
    elif exp - (claims.get("iat") or now) > 24 * 3600:
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
        print(f"{'CRASHES THE BROKER' if refusal.crash else 'REJECT'} {refusal.rule}: {refusal}")
        print("broker log:")
        for line in refusal.log:
            print(f"  {line}")
        return 3 if refusal.crash else 1
    print("ACCEPT")
    for warning in warnings:
        print(f"warning: {warning}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
