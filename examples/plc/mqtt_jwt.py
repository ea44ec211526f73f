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
Option A with a token you already have (it cannot be refreshed):
    VOKE_TOKEN='eyJ...' python3 mqtt_jwt.py --plant-id <plant UUID>
Against a local broker: --host 127.0.0.1 --port 8884 --ca-file <its CA certificate>.

Exit codes: 0 after --messages N were acknowledged; 2 configuration error; 3 the broker refused
the connection (the reason is printed); 4 the given token expired and a reconnect needs a new one.
"""
# Imports sit in the region that first needs them, so each region reads alone on the docs site.

# region config
import argparse
import os
import sys
import time


def load_config(argv=None):
    """Every setting: the flag, else the environment variable, else the guide's default."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description="Connect a plant to Voke's MQTT JWT listener.")
    parser.add_argument("--host", default=env("VOKE_MQTT_HOST", "mqtt.voke.lovinka.com"))
    parser.add_argument("--port", type=int, default=env("VOKE_MQTT_PORT", 8887))  # production; 8884 local dev
    parser.add_argument("--plant-id", default=env("VOKE_PLANT_ID", "REPLACE-WITH-YOUR-PLANT-ID"))
    # No CA file: the system trust store (server-side TLS only, no client certificate).
    parser.add_argument("--ca-file", default=env("VOKE_CA_FILE"))
    parser.add_argument("--private-key", default=env("VOKE_PRIVATE_KEY", "/etc/voke/jwt-private.pem"))
    parser.add_argument("--token", default=env("VOKE_TOKEN"), help="Option A: a token you already have")
    parser.add_argument("--api-url", default=env("VOKE_API_URL", "https://api.voke.lovinka.com"))
    parser.add_argument("--token-lifetime", type=int, default=env("VOKE_TOKEN_LIFETIME", 3600))
    parser.add_argument("--refresh-before", type=float, default=env("VOKE_REFRESH_BEFORE", 300))
    parser.add_argument("--protocol", default=env("VOKE_MQTT_PROTOCOL", "5"), help="5 or 3.1.1")
    parser.add_argument("--messages", type=int, default=env("VOKE_MESSAGES", 0), help="0 = run forever")
    parser.add_argument("--interval", type=float, default=env("VOKE_INTERVAL", 10), help="seconds")
    config = parser.parse_args(argv)
    # The session cookie signs you in to Voke: never a flag, so it stays out of `ps` and shell history.
    config.session_cookie = env("VOKE_SESSION_COOKIE")

    if config.plant_id.startswith("REPLACE-WITH-"):
        parser.error("set your plant id (the plant's UUID in Voke) with --plant-id or VOKE_PLANT_ID")
    if config.protocol not in ("5", "3.1.1"):
        parser.error("--protocol / VOKE_MQTT_PROTOCOL must be 5 or 3.1.1")
    if not 1 <= config.token_lifetime <= 86400:  # Voke accepts at most 24 h; 1 h is recommended
        parser.error("--token-lifetime / VOKE_TOKEN_LIFETIME must be 1 to 86400 seconds")
    if config.refresh_before < 0 or config.messages < 0 or config.interval <= 0:
        parser.error("--refresh-before and --messages must be >= 0, --interval > 0")
    return config
# endregion config


def fail(code, message):
    """Configuration problems exit 2 and expired tokens 4, with one line saying what to do."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


# region sign
import jwt  # PyJWT; RS256 needs the cryptography package too


def issue_mqtt_token(config):
    """Option B: sign a token on the device with the plant's private key (PKCS#1 or PKCS#8 PEM).

    The broker checks it against the enrolled public key (PKCS#1 DER) and refuses it when
    sub differs from the MQTT username, exp has passed, or iat is in the future (zero leeway:
    keep the device clock in sync, e.g. with NTP).
    """
    with open(config.private_key) as f:
        private_key = f.read()
    now = int(time.time())  # whole seconds: the broker refuses fractional iat/exp
    payload = {
        "sub": config.plant_id,
        "iat": now,
        "exp": now + config.token_lifetime,
    }
    return jwt.encode(payload, private_key, algorithm="RS256"), payload["exp"]
# endregion sign


# region fetch
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone


def fetch_mqtt_token(config):
    """Option A: Voke issues the token; your session cookie proves who asks."""
    plant = urllib.parse.quote(config.plant_id, safe="")
    url = f"{config.api_url}/api/v1/plants/{plant}/mqtt-token"
    request = urllib.request.Request(url, method="POST", headers={"Cookie": config.session_cookie})
    # Raises urllib.error.HTTPError on 4xx/5xx, e.g. 401 when the cookie is not (or no longer) valid.
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.load(response)
    # {"token": "eyJ...", "expiresAt": "2026-04-18T15:00:00.000Z"}; Python < 3.11 wants +00:00, not Z.
    expires = datetime.fromisoformat(body["expiresAt"].replace("Z", "+00:00"))
    return body["token"], expires.timestamp()
# endregion fetch


def given_token_expiry(token):
    """When a token passed with --token/VOKE_TOKEN expires (None: no exp, it never does).

    Read without verifying the signature: the broker is the one that verifies it."""
    try:
        exp = jwt.decode(token, options={"verify_signature": False}).get("exp")
    except jwt.DecodeError:
        print("warning: the token is not three base64url parts; the broker will refuse it")
        return None
    return exp if isinstance(exp, (int, float)) else None


def iso(timestamp):
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


# region connect
import ssl

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

SESSION_EXPIRY = 3600  # seconds the broker keeps the session (and queued commands) while offline
# paho-mqtt 2.x reports MQTT 3.1.1 return codes as MQTT 5 reason codes (5 arrives as 135):
# map them back so the code printed is the one the broker sent.
MQTT311_CODE = {132: 1, 133: 2, 136: 3, 134: 4, 135: 5}


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
    client.tls_set(ca_certs=config.ca_file)  # None: the system trust store
    client.on_connect = on_connect
    client.on_message = on_command
    client.on_publish = on_acknowledged
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


def on_connect(client, userdata, flags, reason_code, properties=None):
    # paho 1.6 passes an int (3.1.1) or a ReasonCodes object (5), paho 2.x a ReasonCode object.
    code = reason_code if isinstance(reason_code, int) else reason_code.value
    if userdata["protocol"] == "3.1.1":
        code = MQTT311_CODE.get(code, code)
    if code != 0:
        userdata["refused"] = code
        return
    userdata.update(connected=True, connecting=False, backoff=1)
    print("connected")
    subscribe_commands(client, userdata)


def explain_refusal(code):
    """The listener answers every token problem with the same code and never says which one."""
    if code not in (5, 135):  # 5 = MQTT 3.1.1 "not authorized", 135 = MQTT 5 "Not authorized"
        print(f"refused: CONNACK {code}: {mqtt.connack_string(code) if code < 6 else 'see the MQTT 5 reason codes'}")
        return
    print(f"refused: CONNACK {code} (not authorised): the broker rejected the token. Most likely:")
    print("  - the enrolled public key file is not PKCS#1 DER (SPKI DER fails silently) or not this key's pair")
    print("  - the token has expired (exp in the past)")
    print("  - the username (plant id) is not the token's sub")
    print("  - the token is not RS256 (HS256, ES256, RS384 ... are refused)")
    print("  - iat or nbf is in the future: this device's clock is ahead of the broker's")
    print("  The broker's log names the check that failed; the CONNACK never does.")
# endregion connect


# region commands
def subscribe_commands(client, userdata):
    """Subscribe after every connect, QoS 1: with the persistent session, commands sent while
    the plant was offline arrive now. The ACL lets a plant read only its own commands topic."""
    client.subscribe(f"cpi/{userdata['plant_id']}/commands", qos=1)


def on_command(client, userdata, message):
    # Hand the command to your PLC logic here.
    print(f"command {message.topic} {message.payload.decode('utf-8', 'replace')}")
# endregion commands


# region telemetry
def read_temperature():
    return 21.5  # replace with a reading from your PLC


def publish_telemetry(client, userdata, seq):
    """One JSON reading to cpi/<plant>/telemetry, QoS 1. While the client is disconnected
    (e.g. during a token refresh) paho keeps the message and sends it after the next connect."""
    topic = f"cpi/{userdata['plant_id']}/telemetry"
    payload = json.dumps({"seq": seq, "temperature": read_temperature(), "ts": int(time.time())})
    info = client.publish(topic, payload, qos=1)
    userdata["unacknowledged"].add(info.mid)
    print(f"published {topic} {payload}")


def on_acknowledged(client, userdata, mid, reason_code=None, properties=None):
    # PUBACK. paho 2.x also passes the reason code: MQTT 5 answers 135 for a topic outside the
    # plant's ACL (paho 1.6 does not tell), while MQTT 3.1.1 drops such a message silently.
    if reason_code is not None and reason_code.is_failure:
        print(f"warning: the broker did not accept message {mid}: PUBACK {reason_code.value}")
    userdata["unacknowledged"].discard(mid)
# endregion telemetry


# region refresh
class TokenKeeper:
    """The current token, where it came from and when to replace it.

    Source, in this order: --token/VOKE_TOKEN (cannot be renewed), VOKE_SESSION_COOKIE (Voke's
    API, Option A), else the private key (Option B)."""

    def __init__(self, config):
        self.config = config
        self.renewable = not config.token
        self.renew()

    def renew(self):
        if self.config.token:
            self.token, self.expires_at = self.config.token, given_token_expiry(self.config.token)
        elif self.config.session_cookie:
            self.token, self.expires_at = fetch_mqtt_token(self.config)
        else:
            self.token, self.expires_at = issue_mqtt_token(self.config)
        if self.expires_at is None:  # a token without exp never expires
            self.refresh_at = self.expires_at = float("inf")
            return
        # Renew refresh_before seconds early, but at most a fifth of the lifetime early, so
        # short lifetimes still get most of their use.
        lifetime = max(self.expires_at - time.time(), 0)
        self.refresh_at = self.expires_at - min(self.config.refresh_before, lifetime / 5)

    def due(self):
        return time.time() >= self.refresh_at

    def expired(self):
        return time.time() >= self.expires_at


def refresh_if_due(client, config, tokens, state):
    """Before the token expires, get a new one and reconnect with it: the broker checks the
    token only when a client connects. Messages published meanwhile stay queued in paho."""
    if not tokens.due():
        return
    if not tokens.renewable:
        if not state["warned"]:
            state["warned"] = True
            print(f"warning: the token expires {iso(tokens.expires_at)} and cannot be refreshed; "
                  "give a new one (--token/VOKE_TOKEN), or use VOKE_SESSION_COOKIE or the private key")
        return
    try:
        tokens.renew()
    except Exception as error:  # e.g. the API is unreachable: keep the current token, retry soon
        tokens.refresh_at = min(time.time() + 10, tokens.expires_at)
        print(f"warning: token refresh failed ({error}); retrying")
        return
    print(f"token refreshed, expires {iso(tokens.expires_at)}")
    if state["connected"] or state["connecting"]:
        print("reconnecting with the new token")
        client.disconnect()
        state.update(connected=False, connecting=False)
        open_connection(client, config, tokens, state)


def open_connection(client, config, tokens, state):
    """(Re)connect, always with a token that is valid right now: never retry with a dead one."""
    if tokens.expired() and tokens.renewable:
        refresh_if_due(client, config, tokens, state)
        if tokens.expired():
            return schedule_reconnect(state, "no valid token yet")
    elif tokens.expired() and state["attempted"]:  # a given token: the first try lets the broker judge it
        fail(4, f"the token expired at {iso(tokens.expires_at)} and a reconnect needs a new one: "
                "give a fresh token (--token/VOKE_TOKEN), or use VOKE_SESSION_COOKIE or the private key")
    state["attempted"] = True
    try:
        connect(client, config, tokens.token)
        state["connecting"] = True
    except ssl.SSLCertVerificationError as error:
        fail(2, f"the broker's TLS certificate is not trusted ({error.verify_message}); "
                "check --host, or give its CA with --ca-file/VOKE_CA_FILE")
    except OSError as error:  # broker down or unreachable: try again later
        schedule_reconnect(state, str(error))


def schedule_reconnect(state, why):
    delay = state["backoff"]
    state.update(connected=False, connecting=False, reconnect_at=time.monotonic() + delay, backoff=min(delay * 2, 30))
    print(f"reconnecting in {delay} s ({why})")
# endregion refresh


def main():
    sys.stdout.reconfigure(line_buffering=True)  # one event per line, even into a pipe
    config = load_config()
    try:
        tokens = TokenKeeper(config)
    except urllib.error.HTTPError as error:  # e.g. 401: the session cookie is not (or no longer) valid
        fail(2, f"the token endpoint answered HTTP {error.code} {error.reason}: check VOKE_SESSION_COOKIE and the plant id")
    except OSError as error:  # no private key file, API unreachable ...
        fail(2, f"could not get a token: {error}")
    except Exception as error:  # PyJWT/cryptography refuse the key, or the API answered something odd
        what = "an unexpected answer from the token endpoint" if config.session_cookie else \
            f"{config.private_key} is not an RSA private key in PEM (PKCS#1 or PKCS#8)"
        fail(2, f"could not get a token: {what} ({type(error).__name__}: {error})")
    if tokens.expired():
        print(f"warning: the token expired at {iso(tokens.expires_at)}; the broker will refuse it")

    state = {"plant_id": config.plant_id, "protocol": config.protocol, "connected": False,
             "connecting": False, "refused": None, "backoff": 1, "reconnect_at": 0.0,
             "warned": False, "attempted": False, "unacknowledged": set()}
    client = create_client(config, state)
    connect_now = True
    sent, next_reading = 0, None
    while True:
        if connect_now or (not state["connecting"] and not state["connected"] and time.monotonic() >= state["reconnect_at"]):
            connect_now = False
            open_connection(client, config, tokens, state)
        if state["connecting"] or state["connected"]:
            if client.loop(timeout=0.1) != mqtt.MQTT_ERR_SUCCESS and state["refused"] is None:
                schedule_reconnect(state, "connection lost")
        else:
            time.sleep(0.1)
        if state["refused"] is not None:
            explain_refusal(state["refused"])
            sys.exit(3)

        refresh_if_due(client, config, tokens, state)
        if state["connected"] and next_reading is None:
            next_reading = time.monotonic()  # telemetry starts with the first connection
        if next_reading is not None and time.monotonic() >= next_reading and (config.messages == 0 or sent < config.messages):
            sent += 1
            publish_telemetry(client, state, sent)
            next_reading += config.interval
        if config.messages and sent >= config.messages and not state["unacknowledged"] and state["connected"]:
            client.disconnect()
            print(f"done: {sent} messages acknowledged")
            return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
