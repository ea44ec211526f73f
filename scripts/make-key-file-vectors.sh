#!/usr/bin/env bash
# Writes the key files an integrator's real tools make (openssl, puttygen, gpg, certtool,
# ssh-keygen, xxd, base64) into OUTDIR, each with the jwt-public.der openssl itself derives from
# the same key, and a manifest the key-doctor test reads (tests/unit/key-file-vectors.test.ts):
#
#   OUTDIR/manifest.tsv   file <TAB> expected format <TAB> expected: a .der file made by openssl,
#                          or !CODE when no public key is in the file (encrypted, not RSA …)
#
# Usage: scripts/make-key-file-vectors.sh OUTDIR   (OUTDIR must be empty or new; ~15 s)
# Every tool runs with passphrases from files or flags, never a prompt (gpg: a temp GNUPGHOME,
# --batch --pinentry-mode loopback).
set -euo pipefail
out=${1:?usage: make-key-file-vectors.sh OUTDIR}
mkdir -p "$out"
cd "$out"
exec 3>manifest.tsv
row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >&3; }
quiet() { "$@" >/dev/null 2>&1; }
# openssl's own PKCS#1 DER from any public or private key PEM/DER openssl reads.
pkcs1_der() { openssl pkey -in "$1" ${2:+-inform "$2"} -pubout 2>/dev/null | openssl rsa -pubin -RSAPublicKey_out -outform DER; }
printf test >pass.txt

# ---- the device key, made by openssl: every other tool converts it ----------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pkcs8.pem 2>/dev/null
openssl rsa -in key.pkcs8.pem -traditional -out key.pkcs1.pem 2>/dev/null
pkcs1_der key.pkcs8.pem >key.expected.der
openssl rsa -in key.pkcs8.pem -pubout -out key.spki.pem 2>/dev/null
openssl rsa -in key.pkcs8.pem -pubout -outform DER -out key.spki.der 2>/dev/null
row key.pkcs8.pem pkcs8-private-pem key.expected.der

# ---- PuTTY: .ppk v2 and v3, plain and passphrase-protected; SSH2 and ssh.com exports ----------
puttygen key.pkcs1.pem -O private -o key.v3.ppk
puttygen key.pkcs1.pem -O private --ppk-param version=2 -o key.v2.ppk
puttygen key.pkcs1.pem -O private --new-passphrase pass.txt -o key.v3-encrypted.ppk
puttygen key.pkcs1.pem -O private --ppk-param version=2 --new-passphrase pass.txt -o key.v2-encrypted.ppk
puttygen key.pkcs1.pem -O public -o key.ssh2-putty.pub
puttygen key.pkcs1.pem -O public-openssh -o key.openssh-putty.pub
puttygen key.pkcs1.pem -O private-sshcom -o key.sshcom
puttygen key.pkcs1.pem -O private-sshcom --new-passphrase pass.txt -o key.sshcom-encrypted
row key.v3.ppk putty-private key.expected.der
row key.v2.ppk putty-private key.expected.der
row key.v3-encrypted.ppk putty-private key.expected.der
row key.v2-encrypted.ppk putty-private key.expected.der
row key.ssh2-putty.pub ssh2-public key.expected.der
row key.openssh-putty.pub ssh-rsa-public key.expected.der
row key.sshcom sshcom-private key.expected.der
row key.sshcom-encrypted sshcom-private '!KEY_ENCRYPTED'

# ---- OpenSSH private keys: the public key is in clear, passphrase or not -----------------------
cp key.pkcs1.pem key.openssh && chmod 600 key.openssh
quiet ssh-keygen -p -P '' -N '' -o -f key.openssh
cp key.openssh key.openssh-encrypted
quiet ssh-keygen -p -P '' -N test -f key.openssh-encrypted
row key.openssh openssh-private key.expected.der
row key.openssh-encrypted openssh-private key.expected.der

# ---- passphrase-protected PEM: nothing in clear, the doctor gives the command ------------------
openssl pkcs8 -topk8 -in key.pkcs8.pem -v2 aes-256-cbc -passout pass:test -out key.encrypted.pem
openssl rsa -in key.pkcs8.pem -aes256 -passout pass:test -traditional -out key.encrypted-legacy.pem 2>/dev/null
row key.encrypted.pem encrypted-private-pem '!KEY_ENCRYPTED'
row key.encrypted-legacy.pem encrypted-private-pem '!KEY_ENCRYPTED'

# ---- certificate signing requests: openssl and certtool ----------------------------------------
openssl req -new -key key.pkcs8.pem -subj "/CN=plc-0042/O=Voke test" -out key.csr.pem
openssl req -in key.csr.pem -outform DER -out key.csr.der
printf 'cn = "plc-0042"\norganization = "Voke test"\n' >leaf.tmpl
quiet certtool --generate-request --load-privkey key.pkcs8.pem --template leaf.tmpl --outfile key.certtool-csr.pem
row key.csr.pem csr-pem key.expected.der
row key.csr.der csr-der key.expected.der
row key.certtool-csr.pem csr-pem key.expected.der

# ---- certificate chains: a CA and an intermediate (certtool), the device certificate ----------
quiet certtool --generate-privkey --key-type rsa --bits 2048 --outfile ca.key
printf 'cn = "Voke test root CA"\nca\ncert_signing_key\nexpiration_days = 3650\n' >ca.tmpl
quiet certtool --generate-self-signed --load-privkey ca.key --template ca.tmpl --outfile ca.pem
quiet certtool --generate-privkey --key-type rsa --bits 2048 --outfile sub.key
printf 'cn = "Voke test issuing CA"\nca\ncert_signing_key\nexpiration_days = 3650\n' >sub.tmpl
quiet certtool --generate-certificate --load-privkey sub.key --load-ca-certificate ca.pem --load-ca-privkey ca.key \
  --template sub.tmpl --outfile sub.pem
printf 'cn = "plc-0042"\norganization = "Voke test"\nexpiration_days = 3650\nsigning_key\ntls_www_client\n' >leaf.tmpl
quiet certtool --generate-certificate --load-privkey key.pkcs8.pem --load-ca-certificate sub.pem --load-ca-privkey sub.key \
  --template leaf.tmpl --outfile leaf.pem
openssl x509 -in leaf.pem -outform DER -out leaf.der
openssl x509 -in leaf.pem -pubkey -noout | openssl rsa -pubin -RSAPublicKey_out -outform DER >leaf.expected.der
cmp -s leaf.expected.der key.expected.der
# PEM bundles in both orders (a CA first is what broke enrolment), and PKCS#7 from both tools.
cat ca.pem sub.pem leaf.pem >chain-root-first.pem
cat leaf.pem sub.pem ca.pem >chain-leaf-first.pem
openssl crl2pkcs7 -nocrl -certfile chain-root-first.pem -out chain.p7b
openssl crl2pkcs7 -nocrl -certfile chain-root-first.pem -outform DER -out chain.p7b.der
quiet certtool --p7-generate --load-certificate chain-root-first.pem --outfile chain-certtool.p7b
row leaf.pem certificate-pem leaf.expected.der
row leaf.der certificate-der leaf.expected.der
row chain-root-first.pem certificate-chain leaf.expected.der
row chain-leaf-first.pem certificate-chain leaf.expected.der
row chain.p7b pkcs7-pem leaf.expected.der
row chain.p7b.der pkcs7-der leaf.expected.der
row chain-certtool.p7b pkcs7-pem leaf.expected.der

# ---- OpenPGP: gpg's RSA keys (with an RSA subkey), public and secret, armored and binary -------
export GNUPGHOME=$PWD/gnupg
mkdir -m 700 gnupg
gpg_key() { # user id, passphrase: prints the new key's fingerprint
  quiet gpg --batch --passphrase "$2" --pinentry-mode loopback --quick-gen-key "$1" rsa2048 sign never
  local fpr
  fpr=$(gpg --batch --with-colons --list-keys "$1" | awk -F: '$1=="fpr"{print $10; exit}')
  quiet gpg --batch --passphrase "$2" --pinentry-mode loopback --quick-add-key "$fpr" rsa3072 encr never
  echo "$fpr"
}
# openssl builds the expected DER from the numbers gpg itself lists for the primary key (pkd 0 = n, 1 = e).
gpg_expected_der() { # fingerprint, output
  gpg --batch --with-colons --with-key-data --list-keys "$1" |
    awk -F: '$1=="pub"{primary=1} $1=="sub"{primary=0} primary && $1=="pkd" && $2==0{n=$4} primary && $1=="pkd" && $2==1{e=$4}
      END{printf "asn1=SEQUENCE:k\n[k]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n", n, e}' >"$2.asn1conf"
  openssl asn1parse -genconf "$2.asn1conf" -noout -out "$2.raw"
  openssl rsa -pubin -RSAPublicKey_in -inform DER -in "$2.raw" -RSAPublicKey_out -outform DER -out "$2" 2>/dev/null
}
fpr=$(gpg_key 'PLC 0042 <plc-0042@example.invalid>' '')
gpg --batch --armor --export "$fpr" >pgp-public.asc
gpg --batch --export "$fpr" >pgp-public.gpg
gpg --batch --pinentry-mode loopback --passphrase '' --armor --export-secret-keys "$fpr" >pgp-secret.asc
gpg_expected_der "$fpr" pgp.expected.der
protected=$(gpg_key 'PLC 0043 <plc-0043@example.invalid>' test)
gpg --batch --pinentry-mode loopback --passphrase test --export-secret-keys "$protected" >pgp-secret-protected.gpg
gpg_expected_der "$protected" pgp-protected.expected.der
row pgp-public.asc openpgp-public pgp.expected.der
row pgp-public.gpg openpgp-public pgp.expected.der
row pgp-secret.asc openpgp-private pgp.expected.der
row pgp-secret-protected.gpg openpgp-private pgp-protected.expected.der
gpgconf --kill gpg-agent # the agent gpg started for this GNUPGHOME: no daemon outlives the run

# ---- dumps of the DER: xxd (plain, -p, upper case, colons, spaces) and base64 ------------------
xxd -p key.expected.der >key.der.xxd-p.txt
xxd key.expected.der >key.der.xxd.txt
xxd -p -u key.spki.der >key.spki.xxd-p-upper.txt
xxd -p -c 256 key.expected.der | tr -d '\n' | sed 's/../&:/g; s/:$//' >key.der.colons.txt
xxd -p -c 16 leaf.der | sed 's/../& /g' >leaf.der.spaced-hex.txt
base64 key.expected.der >key.der.b64
base64 -w0 key.spki.der >key.spki.b64
base64 leaf.der >leaf.der.b64
row key.der.xxd-p.txt hex-der key.expected.der
row key.der.xxd.txt hex-der key.expected.der
row key.spki.xxd-p-upper.txt hex-der key.expected.der
row key.der.colons.txt hex-der key.expected.der
row leaf.der.spaced-hex.txt hex-der leaf.expected.der
row key.der.b64 base64-der key.expected.der
row key.spki.b64 base64-der key.expected.der
row leaf.der.b64 base64-der leaf.expected.der

# ---- openssl's -text dumps: modulus and exponent ----------------------------------------------
openssl rsa -pubin -in key.spki.pem -text -noout >key.pub-text.txt
openssl rsa -in key.pkcs8.pem -text -noout >key.priv-text.txt
row key.pub-text.txt openssl-text key.expected.der
row key.priv-text.txt openssl-text key.expected.der

# ---- a PKCS#1 body under a BEGIN PUBLIC KEY label (a hand-edited header) -----------------------
openssl rsa -pubin -in key.spki.pem -RSAPublicKey_out 2>/dev/null | sed 's/RSA PUBLIC KEY/PUBLIC KEY/' >key.mislabeled.pem
row key.mislabeled.pem pkcs1-public-pem key.expected.der

# ---- keys RS256 cannot use: named, no DER ------------------------------------------------------
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss.pem 2>/dev/null
openssl pkey -in pss.pem -pubout -out pss.spki.pem
openssl dsaparam -out dsa.params 1024 2>/dev/null
openssl gendsa -out dsa.pem dsa.params 2>/dev/null
openssl pkey -in dsa.pem -pubout -out dsa.spki.pem
openssl dsa -in dsa.pem -out dsa.traditional.pem 2>/dev/null
row pss.pem rsa-pss-key '!KEY_RSA_PSS'
row pss.spki.pem rsa-pss-key '!KEY_RSA_PSS'
row dsa.pem dsa-key '!KEY_NOT_RSA'
row dsa.spki.pem dsa-key '!KEY_NOT_RSA'
row dsa.traditional.pem dsa-key '!KEY_NOT_RSA'
exec 3>&-
echo "$(wc -l <manifest.tsv) key files written to $out"
