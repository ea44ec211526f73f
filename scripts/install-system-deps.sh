#!/usr/bin/env bash
# Installs the Debian packages the site and its tests need, skipping what is already there.
# Usage: scripts/install-system-deps.sh [site|test]   (site: only what building the site needs)
set -euo pipefail

want=${1:-test}
site_pkgs=(nodejs npm)
test_pkgs=(
  chromium                                   # browser tests (no downloaded browser)
  openssl curl                               # key vectors, token endpoint checks
  mosquitto mosquitto-clients mosquitto-dev libmosquitto-dev  # the local JWT broker and mosquitto_pub
  build-essential libssl-dev libcjson-dev    # building the broker's JWT auth plugin and examples/c
  python3 python3-paho-mqtt python3-jwt python3-cryptography  # the Python example, PyJWT cross-checks
  python3-venv                               # the venv with pip's paho-mqtt 2.1 the Python example is also tested on
  unzip                                      # the starter kit tests unzip the downloaded kit as a reader does
  putty-tools gnupg gnutls-bin xxd openssh-client  # key files from puttygen, gpg, certtool, xxd, ssh-keygen (scripts/make-key-file-vectors.sh)
  nginx libnginx-mod-http-brotli-static      # the browser suite runs against the site as nginx serves it (npm run serve:nginx)
  paho.mqtt.c-examples python3-asyncio-mqtt  # the explainer's captures: Paho C's paho_c_pub / paho_cs_pub, aiomqtt
  strace                                     # next-offline.test.ts watches every connect() of npm run dev / next build
)

pkgs=()
# Node from the machine counts: only install Debian's if there is none at all.
command -v node >/dev/null 2>&1 || pkgs+=("${site_pkgs[@]}")
if [ "$want" = test ]; then
  for p in "${test_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || pkgs+=("$p")
  done
fi
[ ${#pkgs[@]} -eq 0 ] && exit 0

sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
echo "Installing Debian packages: ${pkgs[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${pkgs[@]}"
