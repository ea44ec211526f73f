#!/usr/bin/env bash
# Publish one telemetry message with mosquitto_pub (Debian: apt install mosquitto-clients),
# to check a token by hand before wiring up the PLC. It connects with a client id of its own
# (the plant id + "-test"), never the PLC's: a second connection with the PLC's client id would
# throw the PLC off the broker and take over its session. The token never goes on the command
# line (where `ps` shows it to everyone on the machine): mosquitto_pub reads it from a private
# options file, removed on exit.
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

# The token goes into mosquitto_pub's options file ($XDG_CONFIG_HOME/mosquitto_pub), readable by
# you only, instead of -P on the command line.
OPTIONS_DIR=$(mktemp -d)
trap 'rm -rf "$OPTIONS_DIR"' EXIT
(umask 077; printf -- '-P %s\n' "$VOKE_TOKEN" > "$OPTIONS_DIR/mosquitto_pub")

# Username = plant id (= the token's sub); the token is the password. The client id is not the
# PLC's (the broker does not check it): the PLC, if online, stays connected.
XDG_CONFIG_HOME="$OPTIONS_DIR" mosquitto_pub -V mqttv5 -h "$HOST" -p "$PORT" "${TLS[@]}" \
  -i "${VOKE_CLIENT_ID:-$PLANT_ID-test}" -u "$PLANT_ID" \
  -q 1 -t "cpi/$PLANT_ID/telemetry" -m '{"temperature":21.5}'
# endregion publish
