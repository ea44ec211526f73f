#!/usr/bin/env bash
# Option A: ask Voke's API for an MQTT token for one plant, signed in with your session cookie.
#
#   VOKE_SESSION_COOKIE='<your session cookie>' VOKE_PLANT_ID=<plant UUID> ./fetch-token.sh
#
# Prints the JSON answer, { "token": "eyJ...", "expiresAt": "<ISO time>" }. The plant must use
# authMethod = TOKEN. Pass the token as the MQTT password and fetch a new one before expiresAt.
# Exits non-zero (curl's code, 22 for an HTTP error status) when the request fails, for example
# when the cookie is not from a current sign-in. The cookie is a secret: it comes from the environment only.
set -euo pipefail

# region fetch
API="${VOKE_API_URL:-https://api.voke.lovinka.com}"
PLANT_ID="${VOKE_PLANT_ID:-REPLACE-WITH-YOUR-PLANT-ID}"
case "$PLANT_ID" in REPLACE-WITH-*)
  echo "error: set VOKE_PLANT_ID to your plant's UUID" >&2; exit 2 ;;
esac
if [ -z "${VOKE_SESSION_COOKIE:-}" ]; then
  echo "error: set VOKE_SESSION_COOKIE to your Voke session cookie (name=value)" >&2; exit 2
fi

# --fail: an HTTP error status exits non-zero instead of printing the error page;
# -sS: no progress bar, but errors are still shown.
curl --fail -sS -X POST "$API/api/v1/plants/$PLANT_ID/mqtt-token" \
  -H "Cookie: $VOKE_SESSION_COOKIE"
echo

# Just the token, without jq (python3 is on most systems; any JSON tool will do):
#   VOKE_TOKEN=$(./fetch-token.sh | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# endregion fetch
