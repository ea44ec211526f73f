# TEST-ONLY imitation of the paho-mqtt 2.x client API, wrapping the real paho-mqtt 1.6.
# It is NOT paho-mqtt 2.x: it imitates only the 2.x differences an example program meets, so the
# examples can be run the way 2.x would call them:
#   - CallbackAPIVersion; Client() requires callback_api_version as its first argument
#     (2.0.0 raises TypeError without it) and rejects unknown values (ValueError);
#   - VERSION2 callback signatures with reason-code objects:
#       on_connect(client, userdata, ConnectFlags, ReasonCode, Properties) - an MQTT 3.1.1 return
#         code is turned into the MQTT 5 reason code as 2.x does (5 -> 135 "Not authorized");
#       on_disconnect(client, userdata, DisconnectFlags, ReasonCode, Properties);
#       on_publish(client, userdata, mid, ReasonCode, Properties);
#       on_subscribe(client, userdata, mid, [ReasonCode, ...], Properties);
#   - ReasonCode (2.x's name) with .is_failure.
# Known gaps: on_publish always reports "Success" (1.6 does not expose the PUBACK reason code);
# the 2.x connection-state machine, is_connected() fixes, typing, etc. are not imitated.
import enum
import importlib.util
import os
import sys
from typing import NamedTuple

from paho.mqtt import REAL_PAHO_DIR
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCodes

_spec = importlib.util.spec_from_file_location("paho.mqtt._real_client_1_6", os.path.join(REAL_PAHO_DIR, "client.py"))
_real = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _real
_spec.loader.exec_module(_real)
from paho.mqtt._real_client_1_6 import *  # noqa: E402,F401,F403 (MQTTv5, MQTT_ERR_*, connack_string, ...)


class CallbackAPIVersion(enum.Enum):
    VERSION1 = 1
    VERSION2 = 2


class ReasonCode(ReasonCodes):
    @property
    def is_failure(self):
        return self.value >= 0x80


class ConnectFlags(NamedTuple):
    session_present: bool


class DisconnectFlags(NamedTuple):
    is_disconnect_packet_from_server: bool


_CONNACK_RC_TO_REASON = {0: "Success", 1: "Unsupported protocol version", 2: "Client identifier not valid",
                         3: "Server unavailable", 4: "Bad user name or password", 5: "Not authorized"}


def convert_connack_rc_to_reason_code(connack_code):
    return ReasonCode(PacketTypes.CONNACK, _CONNACK_RC_TO_REASON.get(connack_code, "Unspecified error"))


def _reason(packet_type, code):
    """A 1.6 ReasonCodes object (or a plain int reason) as the 2.x ReasonCode."""
    return ReasonCode(packet_type, identifier=code if isinstance(code, int) else code.value)


def _on_connect_v2(client, user, c, userdata, flags, rc, properties=None):
    reason = convert_connack_rc_to_reason_code(rc) if isinstance(rc, int) else _reason(PacketTypes.CONNACK, rc)
    user(c, userdata, ConnectFlags(bool(flags.get("session present"))), reason,
         properties if properties is not None else Properties(PacketTypes.CONNACK))


def _on_disconnect_v2(client, user, c, userdata, rc, properties=None):
    from_server = isinstance(rc, ReasonCodes)  # 1.6 passes the DISCONNECT packet's reason code object
    if from_server:
        reason = _reason(PacketTypes.DISCONNECT, rc)
    else:  # an MQTT_ERR_* number, as 2.x's convert_disconnect_error_code_to_reason_code maps it
        reason = ReasonCode(PacketTypes.DISCONNECT, {0: "Success", 16: "Keep alive timeout"}.get(rc, "Unspecified error")) \
            if rc in (0, 16) else ReasonCode(PacketTypes.DISCONNECT, "Unspecified error")
    user(c, userdata, DisconnectFlags(from_server), reason,
         properties if properties is not None else Properties(PacketTypes.DISCONNECT))


def _on_publish_v2(client, user, c, userdata, mid):
    user(c, userdata, mid, ReasonCode(PacketTypes.PUBACK, "Success"), Properties(PacketTypes.PUBACK))


def _on_subscribe_v2(client, user, c, userdata, mid, granted, properties=None):
    user(c, userdata, mid, [_reason(PacketTypes.SUBACK, g) for g in granted],
         properties if properties is not None else Properties(PacketTypes.SUBACK))


def _callback(name, adapter):
    def getter(self):
        user = getattr(self, "_shim_" + name, None)
        if user is None or self._shim_api is CallbackAPIVersion.VERSION1:
            return user
        return lambda *args: adapter(self, user, *args)

    def setter(self, func):
        setattr(self, "_shim_" + name, func)

    return property(getter, setter)


class Client(_real.Client):
    # No default for callback_api_version: like paho-mqtt 2.0.0, Client() without it is a TypeError.
    def __init__(self, callback_api_version, client_id="", clean_session=None, userdata=None,
                 protocol=MQTTv311, transport="tcp", reconnect_on_failure=True, manual_ack=False):
        if isinstance(callback_api_version, str):
            raise ValueError("Unsupported callback API version: version 2.0 added a callback_api_version, see docs/migrations.rst for details")
        if callback_api_version not in CallbackAPIVersion:
            raise ValueError("Unsupported callback API version")
        self._shim_api = callback_api_version
        super().__init__(client_id=client_id, clean_session=clean_session, userdata=userdata,
                         protocol=protocol, transport=transport, reconnect_on_failure=reconnect_on_failure)

    on_connect = _callback("on_connect", _on_connect_v2)
    on_disconnect = _callback("on_disconnect", _on_disconnect_v2)
    on_publish = _callback("on_publish", _on_publish_v2)
    on_subscribe = _callback("on_subscribe", _on_subscribe_v2)
