#!/usr/bin/env python3
"""Connect a plant to Voke's MQTT JWT listener: RS256 token as the password, TLS, telemetry out,
commands in, and a fresh token (and a reconnect) before the old one expires.

Needs Python 3.8+, paho-mqtt (1.6 or 2.x), PyJWT and cryptography:
    sudo apt install python3-paho-mqtt python3-jwt python3-cryptography   # Debian/Ubuntu
    pip install paho-mqtt PyJWT cryptography                              # elsewhere

Run it (every setting is a flag, else an environment variable, else the guide's default;
see --help). Option B, the device signs its own tokens with the private key:
    python3 mqtt_jwt.py --plant-id <plant UUID> --private-key /etc/voke/jwt-private.pem
Option A, Voke's API issues the tokens (the cookie is a secret: environment only):
    VOKE_SESSION_COOKIE='<your session cookie>' python3 mqtt_jwt.py --plant-id <plant UUID>
Option A with a token you already have (it cannot be renewed):
    VOKE_TOKEN='eyJ...' python3 mqtt_jwt.py --plant-id <plant UUID>
Against a local broker: --host 127.0.0.1 --port 8884 --ca-file <its CA certificate>.

It prints one line per event: connected, published <topic> <json> (once the broker acknowledged
it), command <topic> <payload>, token refreshed, expires <ISO time>, reconnecting <why>.
Exit codes: 0 after --messages N were acknowledged; 2 configuration (printed as "error: ...");
3 the broker refused the connection ("refused: CONNACK <code> ..."); 4 a --token/VOKE_TOKEN
expired and a reconnect needs a new one.
"""
# Imports sit in the region that first needs them, so each region reads alone on the docs site.

# region config
import argparse
import os
import sys
import time


class ConfigError(Exception):
    """A setting that cannot work: printed as one "error: ..." line, exit code 2."""


class FlagParser(argparse.ArgumentParser):
    def error(self, message):  # an unknown or malformed flag is a configuration error too
        raise ConfigError(message)


def load_config(argv=None):
    """Every setting: the flag, else the environment variable, else the guide's default."""
    env = os.environ.get
    parser = FlagParser(description="Connect a plant to Voke's MQTT JWT listener.")
    parser.add_argument("--host", default=env("VOKE_MQTT_HOST", "mqtt.voke.lovinka.com"))
    parser.add_argument("--port", default=env("VOKE_MQTT_PORT", 8887))  # production; 8884 local dev
    parser.add_argument("--plant-id", default=env("VOKE_PLANT_ID", "REPLACE-WITH-YOUR-PLANT-ID"))
    # No CA file: the system trust store (server-side TLS only, no client certificate).
    parser.add_argument("--ca-file", default=env("VOKE_CA_FILE"))
    parser.add_argument("--private-key", default=env("VOKE_PRIVATE_KEY", "/etc/voke/jwt-private.pem"))
    parser.add_argument("--token", default=env("VOKE_TOKEN"), help="Option A: a token you already have")
    parser.add_argument("--api-url", default=env("VOKE_API_URL", "https://api.voke.lovinka.com"))
    parser.add_argument("--token-lifetime", default=env("VOKE_TOKEN_LIFETIME", 3600), help="seconds, at most 86400")
    parser.add_argument("--refresh-before", default=env("VOKE_REFRESH_BEFORE", 300), help="seconds")
    parser.add_argument("--protocol", default=env("VOKE_MQTT_PROTOCOL", "5"), help="5 or 3.1.1")
    parser.add_argument("--messages", default=env("VOKE_MESSAGES", 0), help="0 = run forever")
    parser.add_argument("--interval", default=env("VOKE_INTERVAL", 10), help="seconds")
    config = parser.parse_args(argv)
    # The session cookie signs you in to Voke: never a flag, so it stays out of `ps` and shell history.
    config.session_cookie = env("VOKE_SESSION_COOKIE")

    config.port = number("--port", config.port, 1, 65535)
    config.token_lifetime = number("--token-lifetime", config.token_lifetime, 1, 86400)  # Voke's maximum: 24 h
    config.refresh_before = number("--refresh-before", config.refresh_before, 0, 86400)
    config.messages = number("--messages", config.messages, 0, 2**53 - 1)
    config.interval = number("--interval", config.interval, 0.01, 86400, whole=False)
    # The placeholder is checked by its prefix: the docs fill your plant id into the full literal.
    if config.plant_id.startswith("REPLACE-WITH-"):
        raise ConfigError("Set your plant id: --plant-id <plant id> or VOKE_PLANT_ID=<plant id>.")
    if config.protocol not in ("5", "3.1.1"):
        raise ConfigError(f'--protocol / VOKE_MQTT_PROTOCOL must be 5 or 3.1.1, not "{config.protocol}".')
    return config


def number(name, raw, low, high, whole=True):
    """A number setting within [low, high]."""
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high or (whole and value != int(value)):  # NaN fails the range check
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f'{name} must be {kind} from {low} to {high}, not "{raw}".')
    return int(value) if whole else value
# endregion config


# region sign
import jwt  # PyJWT; RS256 needs the cryptography package too
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key


def sign_token(plant_id, private_key_path, lifetime_seconds):
    """Option B: the device signs its own token with the plant's RSA private key.

    The broker checks the signature (RS256 only), that sub equals the MQTT username, and
    exp/iat with zero leeway. Returns the token and when it expires (Unix seconds)."""
    try:
        with open(private_key_path, "rb") as f:
            pem = f.read()
    except OSError as error:
        raise ValueError(f"Cannot read the private key file (--private-key / VOKE_PRIVATE_KEY): {error}") from None
    try:  # cryptography reads PKCS#1 ("BEGIN RSA PRIVATE KEY") and PKCS#8 ("BEGIN PRIVATE KEY") PEM
        key = load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):  # not PEM, a public key, or encrypted with a passphrase
        raise ValueError(f"{private_key_path} is not an unencrypted PEM private key (PKCS#1 or PKCS#8).") from None
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ValueError(f"{private_key_path} is not an RSA private key of 2048 bits or more (RS256 needs one).")
    # Whole seconds: the broker refuses fractional exp/iat. It also refuses an iat in the future,
    # with no leeway, so iat is set a minute back: a device clock up to 60 s fast still works.
    now = int(time.time())
    claims = {"sub": plant_id, "iat": now - 60, "exp": now + lifetime_seconds}
    return jwt.encode(claims, key, algorithm="RS256", headers={"typ": "JWT"}), claims["exp"]
# endregion sign


# region fetch
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime


def fetch_token(api_url, plant_id, session_cookie):
    """Option A: Voke's API issues the token. The plant must use authMethod TOKEN, and the
    request is made as you: your session cookie signs it in."""
    url = f"{api_url.rstrip('/')}/api/v1/plants/{urllib.parse.quote(plant_id, safe='')}/mqtt-token"
    request = urllib.request.Request(url, method="POST", headers={"Cookie": session_cookie})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:  # e.g. 401: the cookie is not (or no longer) valid
        raise ValueError(f"POST {url} answered {error.code} {error.reason}. Check that VOKE_SESSION_COOKIE "
                         f"comes from a current sign-in and that plant {plant_id} has authMethod TOKEN.") from None
    try:
        # {"token": "eyJ...", "expiresAt": "2026-04-18T15:00:00.000Z"}; Python < 3.11 wants +00:00, not Z.
        expires = datetime.fromisoformat(body["expiresAt"].replace("Z", "+00:00"))
        return body["token"], expires.timestamp()
    except (TypeError, KeyError, AttributeError, ValueError):
        raise ValueError(f'POST {url} did not answer {{ "token": "...", "expiresAt": "<ISO time>" }}.') from None
# endregion fetch


from datetime import timezone


def iso(timestamp):
    """A Unix time as UTC ISO 8601 with milliseconds, like JavaScript's toISOString()."""
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def given_token(token):
    """Option A with a given token: it cannot be renewed, but its exp says when it stops working
    (None: no exp, it never does). Read without verifying: the broker is the one that verifies it."""
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
    except jwt.DecodeError:
        raise ConfigError("--token / VOKE_TOKEN is not a JWT (three base64url parts separated by dots).") from None
    return token, exp if isinstance(exp, (int, float)) else None


def token_issuer(config):
    """Where new tokens come from, by the guide's precedence: given token, else the API, else the key."""
    if config.token:
        return None
    if config.session_cookie:
        return lambda: fetch_token(config.api_url, config.plant_id, config.session_cookie)
    return lambda: sign_token(config.plant_id, config.private_key, config.token_lifetime)


# region connect
import ssl

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

SESSION_EXPIRY = 86400  # seconds the broker keeps the session (and queued commands) while offline
# paho-mqtt 2.x reports MQTT 3.1.1 return codes as MQTT 5 reason codes (5 arrives as 135):
# map them back so the code printed is the one the broker sent.
MQTT311_CODE = {132: 1, 133: 2, 136: 3, 134: 4, 135: 5}


def explain_refusal(code, protocol):
    """What a refusing CONNACK most likely means on Voke's JWT listener (it never says which check failed)."""
    if code != (135 if protocol == "5" else 5):
        return f"(MQTT {protocol} code {code}; the broker log says why)"
    return ("not authorised: the broker refused the token. Most likely the token has expired; its sub is not "
            "this plant id (the username); its alg is not RS256; it was not signed with the private key whose public "
            "key is enrolled (the enrolled file must be PKCS#1 DER); or its iat/nbf lies in the future (device clock ahead).")


def create_client(config, state):
    """An MQTT client for the plant: client id = username = plant id, TLS."""
    options = {"client_id": config.plant_id, "userdata": state}
    if config.protocol == "5":
        options["protocol"] = mqtt.MQTTv5
    else:  # 3.1.1: a persistent session keeps subscriptions and queued commands while offline
        options.update(protocol=mqtt.MQTTv311, clean_session=False)
    if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x requires it; 1.6 has no such argument
        options["callback_api_version"] = mqtt.CallbackAPIVersion.VERSION2
    client = mqtt.Client(**options)
    client.tls_set(ca_certs=config.ca_file)  # TLS always; None: the system's trusted CAs
    client.on_connect = on_connect
    client.on_disconnect = on_disconnect
    client.on_message = on_command  # see the commands region
    client.on_publish = on_publish  # see the telemetry region
    return client


def connect(client, config, token):
    """Open a connection with `token` as the password; the CONNACK arrives in on_connect."""
    client.username_pw_set(config.plant_id, token)  # the username must equal the token's sub
    if config.protocol == "5":
        # Resume the session (clean start off) and ask the broker to keep it while we are away.
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = SESSION_EXPIRY
        client.connect(config.host, config.port, keepalive=60, clean_start=False, properties=properties)
    else:
        client.connect(config.host, config.port, keepalive=60)


def on_connect(client, state, flags, reason_code, properties=None):
    # paho 1.6 passes an int (3.1.1) or a ReasonCodes object (5), paho 2.x a ReasonCode object.
    code = reason_code if isinstance(reason_code, int) else reason_code.value
    if state["protocol"] == "3.1.1":
        code = MQTT311_CODE.get(code, code)
    if code != 0:
        print(f"refused: CONNACK {code} {explain_refusal(code, state['protocol'])}")
        sys.exit(3)  # raised out of paho's loop(), so the program ends here
    state.update(connected=True, connecting=False)
    print("connected")
    subscribe_commands(client, state["plant_id"])


def on_disconnect(client, state, *details):  # the arguments differ between paho 1.6 and 2.x
    state.update(connected=False, connecting=False)
# endregion connect


# region commands
def subscribe_commands(client, plant_id):
    """Subscribes to the plant's commands (QoS 1), after every connect: with the persistent
    session, commands sent while the plant was offline arrive now. The ACL lets a plant read
    only its own commands topic."""
    client.subscribe(f"cpi/{plant_id}/commands", qos=1)


def on_command(client, state, message):
    print(f"command {message.topic} {message.payload.decode('utf-8', 'replace')}")
    # Act on the command here; with QoS 1 it may arrive twice, so make handling idempotent.
# endregion commands


# region telemetry
def read_temperature():
    """Stands in for reading the PLC."""
    return 21.5


def publish_reading(client, config, state, seq):
    """One JSON reading to cpi/<plant>/telemetry with QoS 1. While the client is disconnected
    (e.g. during a token refresh) paho keeps the message and sends it after the next connect."""
    topic = f"cpi/{config.plant_id}/telemetry"
    payload = json.dumps({"seq": seq, "at": iso(time.time()), "temperature": read_temperature()}, separators=(",", ":"))
    info = client.publish(topic, payload, qos=1)
    state["in_flight"][info.mid] = f"published {topic} {payload}"  # printed on the broker's PUBACK


def on_publish(client, state, mid, reason_code=None, properties=None):
    # PUBACK. paho 2.x also passes the reason code: MQTT 5 answers 135 for a topic outside the
    # plant's ACL (paho 1.6 does not tell), while MQTT 3.1.1 drops such a message silently.
    line = state["in_flight"].pop(mid, None)
    if reason_code is not None and reason_code.is_failure:
        print(f"publish refused: {line} (PUBACK {reason_code.value})")
    elif line is not None:
        print(line)
        state["acknowledged"] += 1
# endregion telemetry


class TokenExpiredError(Exception):
    """A reconnect needs a token and the given --token / VOKE_TOKEN has expired (exit 4)."""


# region refresh
class TokenKeeper:
    """The current token and when to renew it: refresh-before seconds ahead of its expiry, but
    at most a fifth of its lifetime ahead, so short lifetimes still get most of their use."""

    def __init__(self, token, expires_at, issue, refresh_before):
        self.token, self.expires_at, self.issue = token, expires_at, issue
        self.refresh_before, self.obtained_at = refresh_before, time.time()
        self.renewable = issue is not None
        self.refresh_at = self.due_at()

    def due_at(self):
        if self.expires_at is None:  # a token without exp never expires
            return float("inf")
        lead = min(self.refresh_before, (self.expires_at - self.obtained_at) / 5)
        return self.expires_at - max(lead, 0)

    def renew(self):
        self.token, self.expires_at = self.issue()
        self.obtained_at = time.time()
        self.refresh_at = self.due_at()
        print(f"token refreshed, expires {iso(self.expires_at)}")

    def for_connect(self):
        """A token that is valid now: renewed first if due; TokenExpiredError if it cannot be."""
        if self.renewable and time.time() >= self.due_at():
            self.renew()
        elif not self.renewable and self.expires_at is not None and time.time() >= self.expires_at - 1:
            raise TokenExpiredError(f"The token from --token / VOKE_TOKEN expired at {iso(self.expires_at)} "
                                    "and cannot be renewed: get a new one and start again.")
        return self.token


def refresh_if_due(client, config, tokens, state):
    """Before the token expires, get a new one and reconnect with it (disconnect, connect with
    the new password): the broker checks the token only when a client connects."""
    if time.time() < tokens.refresh_at:
        return
    if not tokens.renewable:
        tokens.refresh_at = float("inf")  # warn once
        print(f"warning: the given token expires at {iso(tokens.expires_at)} and cannot be renewed")
        return
    try:
        tokens.renew()
    except Exception as error:  # e.g. the API is unreachable: keep the current token, try again soon
        tokens.refresh_at = time.time() + 5
        print(f"token refresh failed: {error}")
        return
    if not state["connected"]:
        return  # a reconnect in progress will use the new token
    disconnect_gracefully(client, state)
    reconnect(client, config, tokens, state, "with the new token")


def reconnect(client, config, tokens, state, why):
    """Connect again, never with a dead token; a dropped connection is retried 1, 2, 4 ... 30 s later."""
    try:
        token = tokens.for_connect()  # renews first if due; fails for an expired VOKE_TOKEN
        print(f"reconnecting {why}")
        open_connection(client, config, token, state)
    except TokenExpiredError:
        raise
    except Exception as error:  # e.g. the token endpoint is unreachable
        print(f"no token to reconnect with: {error}")
        state.update(connected=False, connecting=False)


def disconnect_gracefully(client, state):
    """Send DISCONNECT once the broker has acknowledged every QoS 1 message in flight, so none is
    lost. After 10 s without acknowledgements paho keeps them and sends them again after the reconnect."""
    deadline = time.monotonic() + 10
    while state["in_flight"] and state["connected"] and time.monotonic() < deadline:
        client.loop(timeout=0.05)
    client.disconnect()
    state.update(connected=False, connecting=False)
# endregion refresh


def open_connection(client, config, token, state):
    """Start a connection attempt; a broker that cannot be reached is retried later."""
    state.update(connecting=True, connect_deadline=time.monotonic() + 10)
    try:
        connect(client, config, token)
    except ssl.SSLCertVerificationError as error:
        raise ConfigError(f"the broker's TLS certificate is not trusted ({error.verify_message}): "
                          "check --host, or give its CA with --ca-file / VOKE_CA_FILE") from None
    except OSError as error:
        print(f"connection error: {error}")
        state.update(connected=False, connecting=False)


def fail(error):
    """Exits with the contract's code: 2 configuration, 4 an expired VOKE_TOKEN."""
    print(f"error: {error}")
    sys.exit(4 if isinstance(error, TokenExpiredError) else 2)


def run(config):
    issue = token_issuer(config)
    try:  # no token, no connection: a first token that cannot be had is a setup problem (exit 2)
        token, expires_at = issue() if issue else given_token(config.token)
    except ConfigError:
        raise
    except Exception as error:
        raise ConfigError(error) from None
    if expires_at is not None and expires_at <= time.time():
        print(f"warning: the token expired at {iso(expires_at)}; the broker will refuse it")
    tokens = TokenKeeper(token, expires_at, issue, config.refresh_before)

    state = {"plant_id": config.plant_id, "protocol": config.protocol, "connected": False, "connecting": False,
             "connect_deadline": 0.0, "in_flight": {}, "acknowledged": 0}
    client = create_client(config, state)
    open_connection(client, config, token, state)  # the first token goes to the broker as it is

    sent, next_reading, attempt, retry_at = 0, None, 0, None
    while True:
        if state["connected"] or state["connecting"]:
            client.loop(timeout=0.05)
        else:
            time.sleep(0.05)
        if state["connecting"] and time.monotonic() > state["connect_deadline"]:
            print("connection error: no CONNACK within 10 s")
            client.disconnect()
            state.update(connected=False, connecting=False)
        if state["connected"]:
            attempt, retry_at = 0, None
        elif not state["connecting"]:  # dropped (or never made): retry after 1, 2, 4 ... 30 s
            if retry_at is None:
                retry_at = time.monotonic() + min(30, 2 ** attempt)
                attempt += 1
            elif time.monotonic() >= retry_at:
                retry_at = None
                reconnect(client, config, tokens, state, "after the connection dropped")
        refresh_if_due(client, config, tokens, state)

        if state["connected"] and next_reading is None:
            next_reading = time.monotonic()  # telemetry starts with the first connection
        if next_reading is not None and time.monotonic() >= next_reading and (config.messages == 0 or sent < config.messages):
            sent += 1
            publish_reading(client, config, state, sent)
            next_reading += config.interval
        if config.messages and state["acknowledged"] >= config.messages and not state["connecting"]:
            client.disconnect()  # sent at once: paho writes DISCONNECT before it returns
            return 0


import signal


def main():
    sys.stdout.reconfigure(line_buffering=True)  # one event per line, even into a pipe
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM stops like Ctrl-C
    try:
        return run(load_config())
    except (ConfigError, TokenExpiredError) as error:
        fail(error)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
