#!/usr/bin/env bash
# Makes the key fixtures in tests/vectors/keys/ with the openssl CLI (and ssh-keygen when present).
# Every file's origin is listed in tests/vectors/keys/README.md. Run from the repo root.
#
#   scripts/make-key-vectors.sh          add missing files; keys that exist are kept
#   scripts/make-key-vectors.sh --fresh  delete everything and generate new keys
#
# Random material (keys, certificates, encrypted files) is made only when missing, so rerunning
# the script does not churn committed fixtures; the plain re-encodings are rewritten every time
# (openssl's output for them is deterministic, so they come out byte-identical).
set -euo pipefail
out=tests/vectors/keys
mkdir -p "$out"
cd "$out"
if [[ "${1:-}" == "--fresh" ]]; then rm -f ./*.pem ./*.der ./*.pub; fi

missing() { [[ ! -e "$1" ]]; }

rsa() { # name, bits, exponent
  missing "$1.pkcs8.pem" &&
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

# A self-signed certificate and a certificate signing request for the 2048-bit key.
missing rsa2048.cert.pem &&
  openssl req -new -x509 -key rsa2048.pkcs8.pem -subj "/CN=voke-docs test" -days 3650 -out rsa2048.cert.pem 2>/dev/null
openssl x509 -in rsa2048.cert.pem -outform DER -out rsa2048.cert.der
missing rsa2048.csr.pem && openssl req -new -key rsa2048.pkcs8.pem -subj "/CN=voke-docs test" -out rsa2048.csr.pem

# Encrypted private keys (passphrase "test").
missing rsa2048.encrypted.pem && openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout pass:test -out rsa2048.encrypted.pem
missing rsa2048.encrypted.der &&
  openssl pkcs8 -topk8 -in rsa2048.pkcs8.pem -v2 aes-256-cbc -passout pass:test -outform DER -out rsa2048.encrypted.der
missing rsa2048.encrypted-legacy.pem &&
  openssl rsa -in rsa2048.pkcs8.pem -aes256 -passout pass:test -traditional -out rsa2048.encrypted-legacy.pem 2>/dev/null

# PKCS#12 bundles (password "test") holding rsa2048 and its certificate: OpenSSL 3's default
# (PBES2/AES), -legacy (RC2-40, as OpenSSL 1.1 and older Windows wrote), and 3DES with a SHA-1
# MAC (the scheme of Windows certificate export, imitated with openssl).
missing rsa2048.p12 &&
  openssl pkcs12 -export -in rsa2048.cert.pem -inkey rsa2048.pkcs8.pem -passout pass:test -out rsa2048.p12
missing rsa2048.legacy.p12 &&
  openssl pkcs12 -export -legacy -in rsa2048.cert.pem -inkey rsa2048.pkcs8.pem -passout pass:test -out rsa2048.legacy.p12
missing rsa2048.3des.pfx &&
  openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -in rsa2048.cert.pem \
    -inkey rsa2048.pkcs8.pem -passout pass:test -out rsa2048.3des.pfx
# Java keytool: its default keystore (PKCS12 since Java 9) and the older JKS, when keytool is here.
if command -v keytool >/dev/null; then
  missing keytool.p12 && keytool -genkeypair -alias voke -keyalg RSA -keysize 2048 -dname "CN=voke-docs test" \
    -validity 3650 -keystore keytool.p12 -storepass testtest -keypass testtest >/dev/null 2>&1
  missing keytool.jks && keytool -genkeypair -alias voke -keyalg RSA -keysize 2048 -dname "CN=voke-docs test" \
    -validity 3650 -storetype JKS -keystore keytool.jks -storepass testtest -keypass testtest >/dev/null 2>&1
else
  echo "keytool not found: skipped keytool.p12 and keytool.jks" >&2
fi

# Keys the broker cannot use: EC (three encodings and a certificate), Ed25519, RSA-PSS.
missing ec-p256.pkcs8.pem && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-p256.pkcs8.pem 2>/dev/null
openssl ec -in ec-p256.pkcs8.pem -out ec-p256.sec1.pem 2>/dev/null
openssl pkey -in ec-p256.pkcs8.pem -pubout -out ec-p256.spki.pem
missing ec-p256.ecparam.pem && openssl ecparam -name prime256v1 -genkey -out ec-p256.ecparam.pem
missing ec-p256.cert.pem &&
  openssl req -new -x509 -key ec-p256.pkcs8.pem -subj "/CN=voke-docs test" -days 3650 -out ec-p256.cert.pem 2>/dev/null
missing ed25519.pkcs8.pem && openssl genpkey -algorithm ED25519 -out ed25519.pkcs8.pem
openssl pkey -in ed25519.pkcs8.pem -pubout -out ed25519.spki.pem
missing rsa-pss2048.pkcs8.pem && openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsa-pss2048.pkcs8.pem 2>/dev/null
openssl pkey -in rsa-pss2048.pkcs8.pem -pubout -out rsa-pss2048.spki.pem

# OpenSSH formats, when ssh-keygen is available.
if command -v ssh-keygen >/dev/null; then
  cp rsa2048.pkcs1.pem ssh-tmp.pem && chmod 600 ssh-tmp.pem # ssh-keygen refuses readable private keys
  ssh-keygen -y -f ssh-tmp.pem > rsa2048.ssh.pub && rm ssh-tmp.pem
  missing rsa2048.ssh2.pub && ssh-keygen -e -f rsa2048.ssh.pub > rsa2048.ssh2.pub
  if missing rsa2048.openssh.pem; then
    cp rsa2048.pkcs1.pem ssh-tmp.pem && chmod 600 ssh-tmp.pem
    ssh-keygen -p -P '' -N '' -o -f ssh-tmp.pem >/dev/null && mv ssh-tmp.pem rsa2048.openssh.pem
  fi
  if missing rsa2048.openssh-encrypted.pem; then
    cp rsa2048.openssh.pem ssh-tmp.pem && chmod 600 ssh-tmp.pem
    ssh-keygen -p -P '' -N test -f ssh-tmp.pem >/dev/null && mv ssh-tmp.pem rsa2048.openssh-encrypted.pem
  fi
  if missing ed25519.openssh.pem; then
    ssh-keygen -q -t ed25519 -N '' -C voke-docs-test -f ssh-tmp && mv ssh-tmp ed25519.openssh.pem && mv ssh-tmp.pub ed25519.ssh.pub
  fi
else
  echo "ssh-keygen not found: skipped rsa2048.ssh.pub, rsa2048.ssh2.pub and the OpenSSH private keys" >&2
fi
chmod 644 ./*
echo "key vectors written to $out"
