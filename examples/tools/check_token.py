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
import decimal
import math
import os
import re
import sys
import time
import unicodedata

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
INVALID_SIGNATURE = "jwt-auth: error decoding jwt: ValidationError(InvalidSignature)"
DISCONNECTED = "Client <unknown> disconnected, not authorised."
PANIC_END = ["…", "thread caused non-unwinding panic. aborting."]


class Refused(Exception):
    """The broker refuses (or, with crash=True, dies): rule, why, and its log lines."""

    def __init__(self, rule, message, log, crash=False):
        super().__init__(message)
        self.rule = rule
        self.log = log if crash else [log, DISCONNECTED]
        self.crash = crash


# The broker's plugin is Rust: its log prints values the way Rust and serde print them.
def rust_escapes(char):
    """Rust's {:?} writes \\u{…} for a character that is not printable or extends a grapheme
    (Unicode 14 as in the Rust that built the plugin; Python 3.11's unicodedata is 14.0)."""
    cp, category = ord(char), unicodedata.category(char)
    if category in ("Mn", "Me") or cp in (0x09BE, 0x09D7, 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E,
                                          0x0D57, 0x0DCF, 0x0DDF, 0x1B35, 0x200C, 0x302E, 0x302F, 0xFF9E, 0xFF9F, 0x1133E,
                                          0x11357, 0x114B0, 0x114BD, 0x115AF, 0x11930, 0x1D165) \
            or 0x1D16E <= cp <= 0x1D172 or 0xE0020 <= cp <= 0xE007F:
        return True
    if cp < 0x20000:
        return category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs") and char != " "
    return any(a <= cp <= b for a, b in ((0x2A6E0, 0x2A6FF), (0x2B739, 0x2B73F), (0x2B81E, 0x2B81F), (0x2CEA2, 0x2CEAF),
                                          (0x2EBE1, 0x2F7FF), (0x2FA1E, 0x2FFFF), (0x3134B, 0xE00FF), (0xE01F0, 0x10FFFF)))


def debug_str(text):
    """Rust's {:?} of a string."""
    out = ""
    for ch in text:
        if ch in '"\\':
            out += "\\" + ch
        elif ch in "\n\r\t\0":
            out += {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}[ch]
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or (ord(ch) >= 0x80 and rust_escapes(ch)):
            out += "\\u{%x}" % ord(ch)
        else:
            out += ch
    return '"' + out + '"'


def rust_float(value):
    """Rust's {} of an f64 (shortest digits, never an exponent, no '.0': serde before 1.0.196)."""
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    sign, digits, exponent = decimal.Decimal(repr(value)).as_tuple()
    digits = "".join(map(str, digits)).rstrip("0") or "0"
    point = len("".join(map(str, decimal.Decimal(repr(value)).as_tuple().digits))) + exponent  # digits before the point
    text = digits + "0" * (point - len(digits)) if point >= len(digits) else \
        "0." + "0" * -point + digits if point <= 0 else digits[:point] + "." + digits[point:]
    return ("-" if sign else "") + text


def json_line(message, line, column):
    return f"jwt-auth: error decoding jwt: JsonError(Error({debug_str(message)}, line: {line}, column: {column}))"


def position(raw, index):
    """serde_json's line and column of a byte index (column: bytes before it on its line)."""
    before = raw[:index]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1)


# region serde-json
class SerdeError(Exception):
    """serde_json's error: its message and position."""

    def __init__(self, message, raw, index):
        super().__init__(message)
        self.line, self.column = position(raw, index)


POW10 = [float("1e%d" % k) for k in range(309)]


class JsonReader:
    """serde_json 1.0.87 reading a struct whose members are all flattened (biscuit's Header and
    ClaimsSet): the object is buffered whole as serde's Content first, so every syntax error (with
    serde_json's own words and position) comes before any type error. Values: ("unit",),
    ("bool", b), ("u64", n), ("i64", n), ("f64", x), ("str", s), ("seq", [...]), ("map", [(name, value)])."""

    def __init__(self, raw):
        self.raw, self.i, self.depth = raw, 0, 128

    def error(self, message):  # at the index: the byte that caused it was read
        return SerdeError(message, self.raw, self.i)

    def peek_error(self, message):  # one further, capped at the end
        return SerdeError(message, self.raw, min(len(self.raw), self.i + 1))

    def peek(self):
        return self.raw[self.i] if self.i < len(self.raw) else None

    def peek_or_null(self):
        return self.raw[self.i] if self.i < len(self.raw) else 0

    def next(self):
        self.i += 1
        return self.raw[self.i - 1] if self.i <= len(self.raw) else None

    def whitespace(self):
        while self.peek() in (0x20, 0x0A, 0x09, 0x0D):
            self.i += 1
        return self.peek()

    def read_struct(self, name):
        """The object's members, the index just past its '}', and whether anything follows."""
        c = self.whitespace()
        if c is None:
            raise self.peek_error("EOF while parsing a value")
        if c == ord("{"):
            members = self.nested()[1]
            after_close = self.i
            return members, after_close, self.whitespace() is not None
        if c == ord("["):
            what = "sequence"
        elif c in b'ntf-"0123456789':
            what = unexpected(self.any())
        else:
            raise self.peek_error("expected value")
        raise self.error(f"invalid type: {what}, expected struct {name}")

    def any(self):
        c = self.whitespace()
        if c is None:
            raise self.peek_error("EOF while parsing a value")
        for word, value in ((b"null", ("unit",)), (b"true", ("bool", True)), (b"false", ("bool", False))):
            if c == word[0]:
                self.i += 1
                for expected in word[1:]:
                    got = self.next()
                    if got is None:
                        raise self.error("EOF while parsing a value")
                    if got != expected:
                        raise self.error("expected ident")
                return value
        if c == ord("-"):
            self.i += 1
            return self.integer(False)
        if 0x30 <= c <= 0x39:
            return self.integer(True)
        if c == ord('"'):
            self.i += 1
            return ("str", self.string())
        if c in b"[{":
            return self.nested()
        raise self.peek_error("expected value")

    def nested(self):
        """'[' or '{', counted against serde_json's recursion limit, up to its closing byte."""
        self.depth -= 1
        if self.depth == 0:
            raise self.peek_error("recursion limit exceeded")
        is_map = self.raw[self.i] == ord("{")
        close, items, first = ord("}" if is_map else "]"), [], True
        self.i += 1
        while True:
            c = self.whitespace()
            if c == close:
                break
            if c == ord(",") and not first:
                self.i += 1
                c = self.whitespace()
            elif c is None:
                raise self.peek_error("EOF while parsing an object" if is_map else "EOF while parsing a list")
            elif not first:
                raise self.peek_error("expected `,` or `}`" if is_map else "expected `,` or `]`")
            first = False
            if c == close:
                raise self.peek_error("trailing comma")
            if c is None:
                raise self.peek_error("EOF while parsing a value")
            if not is_map:
                items.append(self.any())
                continue
            if c != ord('"'):
                raise self.peek_error("key must be a string")
            self.i += 1
            name = self.string()
            c = self.whitespace()
            if c != ord(":"):
                raise self.peek_error("EOF while parsing an object" if c is None else "expected `:`")
            self.i += 1
            items.append((name, self.any()))
        self.i += 1
        self.depth += 1
        return ("map" if is_map else "seq", items)

    def string(self):
        """After the opening quote: the decoded text."""
        out, start = bytearray(), self.i
        while True:
            while self.i < len(self.raw) and self.raw[self.i] not in b'"\\' and self.raw[self.i] >= 0x20:
                self.i += 1
            if self.i == len(self.raw):
                raise self.error("EOF while parsing a string")
            c = self.raw[self.i]
            out += self.raw[start:self.i]
            self.i += 1
            if c == ord('"'):
                try:
                    return out.decode("utf-8")
                except UnicodeDecodeError:
                    raise self.error("invalid unicode code point")
            if c != ord("\\"):
                raise self.error("control character (\\u0000-\\u001F) found while parsing a string")
            self.escape(out)
            start = self.i

    def hex4(self):
        if self.i + 4 > len(self.raw):
            self.i = len(self.raw)
            raise self.error("EOF while parsing a string")
        value = 0
        for _ in range(4):
            digit = self.raw[self.i]
            self.i += 1
            if chr(digit) not in "0123456789abcdefABCDEF":
                raise self.error("invalid escape")
            value = value * 16 + int(chr(digit), 16)
        return value

    def escape(self, out):
        c = self.next()
        if c is None:
            raise self.error("EOF while parsing a string")
        simple = {ord('"'): '"', ord("\\"): "\\", ord("/"): "/", ord("b"): "\b", ord("f"): "\f", ord("n"): "\n",
                  ord("r"): "\r", ord("t"): "\t"}
        if c in simple:
            out += simple[c].encode()
            return
        if c != ord("u"):
            raise self.error("invalid escape")
        n1 = self.hex4()
        if 0xDC00 <= n1 <= 0xDFFF:
            raise self.error("lone leading surrogate in hex escape")
        if 0xD800 <= n1 <= 0xDBFF:
            for wanted in b"\\u":
                if self.peek() is None:
                    raise self.error("EOF while parsing a string")
                self.i += 1
                if self.raw[self.i - 1] != wanted:
                    raise self.error("unexpected end of hex escape")
            n2 = self.hex4()
            if not 0xDC00 <= n2 <= 0xDFFF:
                raise self.error("lone leading surrogate in hex escape")
            n1 = ((n1 - 0xD800) << 10 | (n2 - 0xDC00)) + 0x10000
        out += chr(n1).encode("utf-8")

    # Numbers, as serde_json parses them without float_roundtrip: its own fast float path.
    def integer(self, positive):
        c = self.next()
        if c is None:
            raise self.error("EOF while parsing a value")
        if c == ord("0"):
            if 0x30 <= self.peek_or_null() <= 0x39:
                raise self.peek_error("invalid number")
            return self.number(positive, 0)
        if not 0x31 <= c <= 0x39:
            raise self.error("invalid number")
        significand = c - 0x30
        while 0x30 <= self.peek_or_null() <= 0x39:
            digit = self.peek_or_null() - 0x30
            if significand * 10 + digit > 2**64 - 1:
                return ("f64", self.long_integer(positive, significand))
            self.i += 1
            significand = significand * 10 + digit
        return self.number(positive, significand)

    def number(self, positive, significand):
        c = self.peek_or_null()
        if c == ord("."):
            return ("f64", self.decimal(positive, significand, 0))
        if c in b"eE":
            return ("f64", self.exponent(positive, significand, 0))
        if positive:
            return ("u64", significand)
        if significand == 0 or significand > 2**63:  # -0 and below i64::MIN are floats
            return ("f64", -float(significand))
        return ("i64", -significand)

    def long_integer(self, positive, significand):
        exponent = 0
        while 0x30 <= self.peek_or_null() <= 0x39:
            self.i += 1
            exponent += 1
        if self.peek_or_null() == ord("."):
            return self.decimal(positive, significand, exponent)
        if self.peek_or_null() in b"eE":
            return self.exponent(positive, significand, exponent)
        return self.from_parts(positive, significand, exponent)

    def decimal(self, positive, significand, exponent):
        self.i += 1
        while 0x30 <= self.peek_or_null() <= 0x39:
            digit = self.peek_or_null() - 0x30
            if significand * 10 + digit > 2**64 - 1:  # further digits are ignored
                while 0x30 <= self.peek_or_null() <= 0x39:
                    self.i += 1
                break
            self.i += 1
            significand, exponent = significand * 10 + digit, exponent - 1
        else:
            if exponent == 0:
                raise self.peek_error("invalid number" if self.peek() is not None else "EOF while parsing a value")
        if self.peek_or_null() in b"eE":
            return self.exponent(positive, significand, exponent)
        return self.from_parts(positive, significand, exponent)

    def exponent(self, positive, significand, starting):
        self.i += 1
        positive_exp = True
        if self.peek_or_null() in b"+-":
            positive_exp = self.peek_or_null() == ord("+")
            self.i += 1
        c = self.next()
        if c is None:
            raise self.error("EOF while parsing a value")
        if not 0x30 <= c <= 0x39:
            raise self.error("invalid number")
        exp = c - 0x30
        while 0x30 <= self.peek_or_null() <= 0x39:
            digit = self.peek_or_null() - 0x30
            self.i += 1
            if exp * 10 + digit > 2**31 - 1:
                if significand != 0 and positive_exp:
                    raise self.error("number out of range")
                while 0x30 <= self.peek_or_null() <= 0x39:
                    self.i += 1
                return 0.0 if positive else -0.0
            exp = exp * 10 + digit
        final = starting + exp if positive_exp else starting - exp
        return self.from_parts(positive, significand, max(-2**31, min(2**31 - 1, final)))

    def from_parts(self, positive, significand, exponent):
        f = float(significand)
        while True:
            index = abs(exponent) if exponent != -2**31 else 2**31
            if index < len(POW10):
                if exponent >= 0:
                    f *= POW10[index]
                    if math.isinf(f):
                        raise self.error("number out of range")
                else:
                    f /= POW10[index]
                break
            if f == 0.0:
                break
            if exponent >= 0:
                raise self.error("number out of range")
            f /= 1e308
            exponent += 308
        return f if positive else -f
# endregion serde-json


def unexpected(value):
    """serde's words for a value of the wrong type (serde_json says null for a unit)."""
    kind = value[0]
    if kind == "unit":
        return "null"
    if kind == "bool":
        return "boolean `%s`" % ("true" if value[1] else "false")
    if kind == "str":
        return "string " + debug_str(value[1])
    if kind in ("u64", "i64"):
        return "integer `%d`" % value[1]
    if kind == "f64":
        return "floating point `%s`" % rust_float(value[1])
    return "sequence" if kind == "seq" else "map"


# region types
class Typed(Exception):
    """A member that biscuit's struct cannot take: which one, and serde's message."""

    def __init__(self, member, message, kind="type"):
        super().__init__(message)
        self.member, self.kind = member, kind


def invalid_type(member, value, expected):
    return Typed(member, f"invalid type: {unexpected(value)}, expected {expected}")


def known_members(members, names, owner):
    """The members a flattened struct takes, in the order written: a known name twice is an error."""
    seen = set()
    for name, value in members:
        if name in names:
            if name in seen:
                raise Typed(name, f"duplicate field `{name}`", "duplicate")
            seen.add(name)
            yield name, value


def string(member, value):  # Option<String>
    if value[0] not in ("unit", "str"):
        raise invalid_type(member, value, "a string")


def strings(member, value):  # Option<Vec<String>>
    if value[0] == "unit":
        return
    if value[0] != "seq":
        raise invalid_type(member, value, "a sequence")
    for item in value[1]:
        if item[0] != "str":
            raise invalid_type(member, item, "a string")


def b64_string(value):
    return value is not None and value[0] == "str" and not isinstance(b64url_decode(value[1]), tuple)


JWK_COMMON = ("use", "key_ops", "alg", "kid", "x5u", "x5c", "x5t")


def jwk(value):
    """Option<JWK>: CommonParameters, then AlgorithmParameters (untagged: EC, RSA, oct, OKP)."""
    if value[0] == "unit":
        return
    if value[0] != "map":
        raise invalid_type("jwk", value, "struct JWK")
    for name, item in known_members(value[1], JWK_COMMON, "jwk"):
        if name in ("key_ops", "x5c"):
            strings("jwk", item)
        elif name == "alg" and item[0] != "unit" and not (item[0] == "str" and item[1] in JWK_ALGS):
            raise Typed("jwk", "data did not match any variant of untagged enum Algorithm")
        elif name != "alg":
            string("jwk", item)
    left = [(name, item) for name, item in value[1] if name not in JWK_COMMON]  # the common parameters took theirs
    if not any(key_struct(left, fields) for fields in KEY_TYPES):
        raise Typed("jwk", "data did not match any variant of untagged enum AlgorithmParameters")


def key_struct(members, fields):
    """One key-type struct of the untagged AlgorithmParameters over the buffered members: the
    members it knows in the order written; a known name twice, a value that does not read or a
    required member missing (null is absent only when optional) means it does not match."""
    seen = set()
    for name, item in members:
        if name not in fields:
            continue
        if name in seen:
            return False
        seen.add(name)
        reads, required = fields[name]
        if item[0] == "unit" and not required:
            continue
        if not reads(item):
            return False
    return all(name in seen for name, (_, required) in fields.items() if required)


def other_primes(value):  # RSA's oth: a list of { r, d, t }, all three required
    info = {"r": (b64_string, True), "d": (b64_string, True), "t": (b64_string, True)}
    return value[0] == "seq" and all(item[0] == "map" and key_struct(item[1], info) for item in value[1])


def is_curve(value):
    return value in [("str", c) for c in ("P-256", "P-384", "P-521", "Ed25519", "Ed448")]


def kty(name):
    return lambda value: value == ("str", name)


# AlgorithmParameters' variants, tried in order: name -> (how the value reads, required).
KEY_TYPES = [
    {"kty": (kty("EC"), True), "crv": (is_curve, True), "x": (b64_string, True), "y": (b64_string, True), "d": (b64_string, False)},
    {"kty": (kty("RSA"), True), "n": (b64_string, True), "e": (b64_string, True),
     **{n: (b64_string, False) for n in ("d", "p", "q", "dp", "dq", "qi")}, "oth": (other_primes, False)},
    {"kty": (kty("oct"), True), "k": (b64_string, True)},
    {"kty": (kty("OKP"), True), "crv": (is_curve, True), "x": (b64_string, True), "d": (b64_string, False)},
]


JWK_ALGS = KNOWN_ALGS + ["RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir", "ECDH-ES", "ECDH-ES+A128KW",
                         "ECDH-ES+A192KW", "ECDH-ES+A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "PBES2-HS256+A128KW",
                         "PBES2-HS384+A192KW", "PBES2-HS512+A256KW", "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512",
                         "A128GCM", "A192GCM", "A256GCM"]


def signature_algorithm(value):
    """biscuit's SignatureAlgorithm: a name, or a map of one name to null."""
    if value[0] == "str":
        name, inner = value[1], None
    elif value[0] == "map":
        if len(value[1]) != 1:
            raise Typed("alg", "invalid value: map, expected map with a single key")
        name, inner = value[1][0]
    else:
        raise invalid_type("alg", value, "string or map")
    if name not in KNOWN_ALGS:
        names = ", ".join(f"`{a}`" for a in KNOWN_ALGS)
        raise Typed("alg", f"unknown variant `{name}`, expected one of {names}")
    if inner is not None and inner[0] != "unit":
        raise invalid_type("alg", inner, "unit")
    return name


def typed_header(members):
    """biscuit's RegisteredHeader; returns alg."""
    alg = None
    for name, value in known_members(members, ("alg", "typ", "cty", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "crit"), "header"):
        if name == "alg":
            alg = signature_algorithm(value)
        elif name == "jwk":
            jwk(value)
        elif name in ("x5c", "crit"):
            strings(name, value)
        else:
            string(name, value)
    if alg is None:
        raise Typed("alg", "missing field `alg`", "missing")
    return alg


def typed_claims(members):
    """biscuit's RegisteredClaims over the whole object, then the plugin's Claims (publ, subs) over
    the rest; returns {sub, exp, nbf, iat, publ, subs} for those present and not null. A date
    beyond chrono's range raises OutOfRange (the real plugin panics there)."""
    claims = {}
    for name, value in known_members(members, ("iss", "sub", "aud", "exp", "nbf", "iat", "jti"), "payload"):
        if value[0] == "unit":
            continue
        if name in ("iss", "sub", "jti"):
            string(name, value)
        elif name == "aud":
            if not (value[0] == "str" or (value[0] == "seq" and all(item[0] == "str" for item in value[1]))):
                raise Typed("aud", "data did not match any variant of untagged enum SingleOrMultiple")
        elif value[0] == "u64" and value[1] >= 2**63:
            raise Typed(name, f"invalid value: integer `{value[1]}`, expected i64")
        elif value[0] not in ("u64", "i64"):
            raise invalid_type(name, value, "i64")
        elif not CHRONO_MIN <= value[1] <= CHRONO_MAX:
            raise OutOfRange(name, value[1])
        claims[name] = value[1]
    for name, value in known_members(members, ("publ", "subs"), "payload"):
        strings(name, value)
        if value[0] == "seq":
            claims[name] = [item[1] for item in value[1]]
    return claims


class OutOfRange(Exception):
    def __init__(self, claim, value):
        super().__init__(claim)
        self.claim, self.value = claim, value


def topic_filter_error(text):
    """The plugin's own parse of a publ/subs entry (topic_utils.rs, wildcards allowed): None, or
    the Debug text it logs. Levels keep their trailing '/'."""
    levels, last = [], 0
    for index in [m.end() for m in re.finditer("/", text)]:
        if index < len(text):
            levels.append((text[last:index], True))
            last = index
    if last < len(text):
        levels.append((text[last:], False))
    for level, more in levels:
        if level[0] == "#":
            if more:
                return "TopicAfterMultiLevelWildcard"
        elif level[0] != "+" and ("+" in level or "#" in level):
            return f"InvalidTopicName({debug_str(level)})"
    return None
# endregion types


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
                      "jwt-auth: error decoding jwt: DecodeBase64(DecodeError { position: %d, kind: %s })" % decoded)
    return decoded


def read_part(raw, struct, part, typed):
    """serde_json::from_slice of the header or payload: the object read, typed(members), then
    nothing but whitespace after it. Returns what typed returns, or raises Refused."""
    prefix = "TOKEN_HEADER" if struct == "Header" else "TOKEN_PAYLOAD"
    reader = JsonReader(raw)
    try:
        members, after_close, trailing = reader.read_struct(struct)
    except SerdeError as error:
        not_object = str(error).startswith("invalid type: ")
        raise Refused(prefix + ("_NOT_OBJECT" if not_object else "_NOT_JSON"),
                      f"the {part} is JSON but not an object" if not_object else f"the {part} is not valid JSON ({error})",
                      json_line(str(error), error.line, error.column))
    try:
        result = typed(members)
    except Typed as error:
        line, column = position(raw, after_close)
        raise Refused(*typed_rule(error, part), json_line(str(error), line, column))
    if trailing:
        reader.i = after_close
        reader.whitespace()
        error = reader.peek_error("trailing characters")
        raise Refused(prefix + "_NOT_JSON", f"the {part} has text after its JSON object", json_line(str(error), error.line, error.column))
    return result


def typed_rule(error, part):
    """The rule code and explanation for a member of the wrong type (or twice)."""
    name = error.member
    if error.kind == "duplicate":
        return ("HEADER_DUPLICATE" if part == "header" else "CLAIM_DUPLICATE"), f"the {part} has {name!r} twice"
    if part == "header":
        if name == "alg":
            return "ALG_NOT_RS256", "the header alg is missing or not an algorithm name: write \"alg\": \"RS256\""
        return "HEADER_MEMBER_TYPE", f"the header member {name!r} has the wrong JSON type for the broker"
    if name == "sub":
        return "SUB_NOT_STRING", "sub is not a string"
    if name in ("exp", "nbf", "iat"):
        return f"{name.upper()}_NOT_INTEGER", f"{name} is not a whole number of seconds"
    return "CLAIM_TYPE", f"the claim {name!r} has the wrong JSON type for the broker"


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
        alg = read_part(b64url_decode(parts[0]), "Header", "header", typed_header)
    except (Refused, TypeError):
        alg = None
    if isinstance(alg, str) and alg != "RS256" and alg in KNOWN_ALGS:
        return "ALG_NOT_RS256", f"the header alg is {alg!r} and the signature is not RS256: only RS256 is accepted"
    return "SIGNATURE_MISMATCH", "the signature does not verify with the key file: the two keys are not a pair"


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
    # 1. A password at all (the broker looks at the username only in step 7).
    if not given:
        raise Refused("PASSWORD_EMPTY", "no password: send the signed JWT", "jwt-auth: token not given")
    # 2. Three parts, and the signature part as base64url.
    parts = token.split(".")
    if len(parts) != 3:
        raise Refused("TOKEN_PARTS", f"a JWT has three dot-separated parts, this has {len(parts)}",
                      f"jwt-auth: error decoding jwt: DecodeError(PartsLengthError {{ expected: 3, actual: {len(parts)} }})")
    signature = decode_part(parts[2], "signature")
    # 3. The RS256 signature over the text exactly as sent, with the enrolled key file.
    public_key = load_enrolled_key(key_bytes)
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise Refused(*signature_cause(token, parts), INVALID_SIGNATURE)
    # 4. The header as biscuit types it; alg exactly "RS256".
    if read_part(decode_part(parts[0], "header"), "Header", "header", typed_header) != "RS256":
        raise Refused("ALG_NOT_RS256", "the header names another algorithm over a valid RS256 signature: write alg RS256",
                      "jwt-auth: error decoding jwt: ValidationError(WrongAlgorithmHeader)")
    # 5. The claims as biscuit and the plugin type them (a date beyond chrono's range crashes the broker).
    try:
        claims = read_part(decode_part(parts[1], "payload"), "ClaimsSet", "payload", typed_claims)
    except OutOfRange as out:
        raise Refused(f"{out.claim.upper()}_OUT_OF_RANGE",
                      f"{out.claim} is {out.value}, beyond the broker's date range: THIS TOKEN CRASHES VOKE'S BROKER "
                      "(every plant drops). Write seconds since 1970, not milliseconds or microseconds",
                      ["thread '<unnamed>' (PID) panicked at …/chrono-0.4.23/src/naive/datetime/mod.rs:128:18:",
                       "invalid or out-of-range datetime"] + PANIC_END, crash=True)
    # 6. exp, then nbf and iat, zero leeway.
    exp = claims.get("exp")
    if exp is not None and exp <= now:
        raise Refused("EXPIRED", f"the token expired {now - exp} s ago: issue a fresh one",
                      f"jwt-auth: error validating jwt: ValidationError(Expired(Duration {{ secs: {now - exp}, nanos: N }}))")
    for name in ("nbf", "iat"):
        value = claims.get(name)
        if value is not None and value > now:
            # The broker's clock is past the whole second: chrono prints one second less.
            raise Refused(f"{name.upper()}_IN_FUTURE", f"{name} is {value - now} s in the future: the device clock is ahead",
                          f"jwt-auth: error validating jwt: ValidationError(NotYetValid(Duration {{ secs: {value - now - 1}, nanos: N }}))")
    # 7. sub, then the username, then the two equal.
    sub = claims.get("sub")
    if sub is None:
        raise Refused("SUB_MISSING", "the token has no sub claim", "jwt-auth: claim 'sub' is missing")
    if not username:
        raise Refused("USERNAME_EMPTY", "the MQTT username is empty: send the plant id", "jwt-auth: username not set")
    if sub != username:
        raise Refused("SUB_MISMATCH", f"sub is {sub!r} but the username is {username!r} (compared exactly, case included)",
                      f"jwt-auth: claim 'sub': '{sub}' doesn't match username: '{username}'")
    # 8. Every publ, then subs, entry must be an MQTT topic filter (the plugin parses them even with an ACL file).
    for name in ("publ", "subs"):
        for entry in claims.get(name, []):
            error = topic_filter_error(entry)
            if error:
                raise Refused("TOPIC_FILTER_INVALID", f"the {name} entry {entry!r} is not an MQTT topic filter "
                              "('#' only as the last level, '+' and '#' only as a whole level)", "jwt-auth: " + error)

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
