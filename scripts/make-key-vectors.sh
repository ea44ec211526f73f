#!/usr/bin/env bash
# Regenerates the key fixtures in tests/vectors/keys/ with the openssl CLI (and ssh-keygen).
# Every file's origin is listed in tests/vectors/keys/README.md. Run from the repo root.
set -euo pipefail
out=tests/vectors/keys
mkdir -p "$out"
cd "$out"
rm -f ./*.pem ./*.der ./*.pub ./*.jwk.json ./*.b64

rsa() { # name, bits, exponent
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -pkeyopt "rsa_keygen_pubexp:$3" -out "$1.pkcs8.pem" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$1.pkcs8.pem" -outform DER -out "$1.pkcs8.der"
  openssl rsa -in "$1.pkcs8.pem" -traditional -out "$1.pkcs1.pem" 2>/dev/null
  openssl rsa -in "$1.pkcs8.pem" -traditional -outform DER -out "$1.pkcs1.der" 2>/dev/null
  openssl rsa -in "$1.pkcs8.pem" -pubout -out "$1.spki.pem" 2>/dev/null
  openssl rsa -in "$1.pkcs8.pem" -pubout -outform DER -out "$1.spki.der" 2>/dev/null
  openssl rsa -pubin -in "$1.spki.pem" -RSAPublicKey_out -out "$1.pkcs1-public.pem" 2>/dev/null
  openssl rsa -pubin -in "$1.spki.pem" -RSAPublicKey_out -outform DER -out "$1.pkcs1-public.der" 2>/dev/null
}

rsa rsa2048 2048 65537
rsa rsa3072 3072 65537
rsa rsa4096 4096 65537
rsa rsa2048-e3 2048 3
rsa rsa1024 1024 65537

# A self-signed certificate for the 2048-bit key.
openssl req -new -x509 -key rsa2048.pkcs8.pem -subj "/CN=voke-docs test" -days 3650 -out rsa2048.cert.pem 2>/dev/null
openssl x509 -in rsa2048.cert.pem -outform DER -out rsa2048.cert.der

# Keys the broker cannot use.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-p256.pkcs8.pem 2>/dev/null
openssl ec -in ec-p256.pkcs8.pem -out ec-p256.sec1.pem 2>/dev/null
openssl pkey -in ec-p256.pkcs8.pem -pubout -out ec-p256.spki.pem
openssl genpkey -algorithm ED25519 -out ed25519.pkcs8.pem
openssl pkey -in ed25519.pkcs8.pem -pubout -out ed25519.spki.pem
openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout pass:test -out rsa2048.encrypted.pem
openssl rsa -in rsa2048.pkcs8.pem -aes256 -passout pass:test -traditional -out rsa2048.encrypted-legacy.pem 2>/dev/null

# OpenSSH formats, when ssh-keygen is available.
if command -v ssh-keygen >/dev/null; then
  cp rsa2048.pkcs1.pem ssh-tmp.pem && chmod 600 ssh-tmp.pem
  ssh-keygen -y -f ssh-tmp.pem > rsa2048.ssh.pub
  ssh-keygen -p -N '' -o -f ssh-tmp.pem >/dev/null 2>&1 && mv ssh-tmp.pem rsa2048.openssh.pem
  rm -f ssh-tmp.pem
fi
echo "key vectors written to $out"
