#!/usr/bin/env bash
# Publish one telemetry message with mosquitto_pub (Debian: apt install mosquitto-clients),
# to check a token by hand before wiring up the PLC.
#
#   VOKE_TOKEN='eyJ...' VOKE_PLANT_ID=<plant UUID> ./mosquitto-pub.sh
#   (local broker: VOKE_MQTT_HOST=127.0.0.1 VOKE_MQTT_PORT=8884 VOKE_CA_FILE=<its CA certificate>)
#
# A refused token (CONNACK 135 on MQTT 5) shows as "Connection error: Not authorized" then
# "Error: A network protocol error occurred when communicating with the broker."; the broker's
# log, not the client, says which check failed.
set -euo pipefail

# region publish
HOST="${VOKE_MQTT_HOST:-mqtt.voke.lovinka.com}"
PORT="${VOKE_MQTT_PORT:-8887}"   # production; 8884 for local dev
PLANT_ID="${VOKE_PLANT_ID:-REPLACE-WITH-YOUR-PLANT-ID}"
case "$PLANT_ID" in REPLACE-WITH-*)
  echo "error: set VOKE_PLANT_ID to your plant's UUID" >&2; exit 2 ;;
esac
if [ -z "${VOKE_TOKEN:-}" ]; then
  echo "error: set VOKE_TOKEN to an RS256 JWT for this plant (sign one, or fetch one: fetch-token.sh)" >&2; exit 2
fi
# Server-side TLS only: your CA file if given, else the system's trusted CAs.
if [ -n "${VOKE_CA_FILE:-}" ]; then TLS=(--cafile "$VOKE_CA_FILE"); else TLS=(--capath /etc/ssl/certs); fi

# Client id = username = plant id (= the token's sub); the token is the password.
mosquitto_pub -V mqttv5 -h "$HOST" -p "$PORT" "${TLS[@]}" \
  -i "$PLANT_ID" -u "$PLANT_ID" -P "$VOKE_TOKEN" \
  -q 1 -t "cpi/$PLANT_ID/telemetry" -m '{"temperature":21.5}'
# endregion publish
