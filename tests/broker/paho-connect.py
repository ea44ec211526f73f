# Connects to the local broker with Python paho-mqtt (Debian's 1.6, or 2.x) over TLS and prints
# the CONNACK code it reports, as a plant's Python client would see it.
# Usage: /usr/bin/python3 paho-connect.py HOST PORT CA_FILE USERNAME PASSWORD 5|3.1.1
import sys
import paho.mqtt.client as mqtt

host, port, ca_file, username, password, version = sys.argv[1:7]
protocol = mqtt.MQTTv5 if version == "5" else mqtt.MQTTv311
kwargs = {"client_id": username, "protocol": protocol}
if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2.x needs it; 1.6 rejects it
    kwargs["callback_api_version"] = mqtt.CallbackAPIVersion.VERSION1
client = mqtt.Client(**kwargs)
client.tls_set(ca_certs=ca_file)
client.username_pw_set(username, password)
result = {}

def on_connect(client, userdata, flags, rc, properties=None):
    result["rc"] = rc.value if hasattr(rc, "value") else int(rc)
    client.disconnect()

client.on_connect = on_connect
client.connect(host, int(port), keepalive=30)
client.loop_forever(timeout=1.0)
print(result.get("rc", "none"))
