// Human names for the formats the key library detects (key doctor, explainer), in the words the
// tool that wrote the file uses, and one sentence on what the format is for and what to do with it.
// Complete Records, so a new format in key-detect.ts fails the type check until it has both here.
import type { KeyFormat } from './key-detect'

type Format = KeyFormat | 'unknown'

const LABELS: Record<Format, string> = {
  'pkcs1-public-der': 'PKCS#1 RSAPublicKey, DER (binary)',
  'pkcs1-public-pem': 'PKCS#1 RSAPublicKey, PEM (BEGIN RSA PUBLIC KEY)',
  'spki-der': 'SPKI SubjectPublicKeyInfo, DER (binary)',
  'spki-pem': 'SPKI public key, PEM (BEGIN PUBLIC KEY)',
  'pkcs1-private-der': 'PKCS#1 RSAPrivateKey, DER (binary)',
  'pkcs1-private-pem': 'PKCS#1 private key, PEM (BEGIN RSA PRIVATE KEY)',
  'pkcs8-private-der': 'PKCS#8 private key, DER (binary)',
  'pkcs8-private-pem': 'PKCS#8 private key, PEM (BEGIN PRIVATE KEY)',
  'certificate-der': 'X.509 certificate, DER (binary)',
  'certificate-pem': 'X.509 certificate, PEM (BEGIN CERTIFICATE)',
  'certificate-chain': 'Certificate chain (several BEGIN CERTIFICATE blocks)',
  'encrypted-private-pem': 'Passphrase-protected private key, PEM (BEGIN ENCRYPTED PRIVATE KEY or Proc-Type: 4,ENCRYPTED)',
  'encrypted-private-der': 'Passphrase-protected PKCS#8 private key, DER (binary)',
  'openssh-private': 'OpenSSH private key (BEGIN OPENSSH PRIVATE KEY)',
  'putty-private': 'PuTTY private key (.ppk)',
  'sshcom-private': 'ssh.com / SECSH private key (BEGIN SSH2 ENCRYPTED PRIVATE KEY)',
  pkcs12: 'PKCS#12 bundle (.p12 / .pfx)',
  'java-keystore': 'Java KeyStore (JKS / JCEKS)',
  'ssh-rsa-public': 'OpenSSH public key line (ssh-rsa AAAA…)',
  'ssh2-public': 'SSH2 public key (BEGIN SSH2 PUBLIC KEY)',
  'jwk-public': 'JWK (JSON Web Key), RSA public',
  'jwk-private': 'JWK (JSON Web Key), RSA private',
  'csr-pem': 'Certificate signing request (PKCS#10, BEGIN CERTIFICATE REQUEST)',
  'csr-der': 'Certificate signing request (PKCS#10), DER (binary)',
  'pkcs7-pem': 'PKCS#7 certificate bundle (.p7b, BEGIN PKCS7)',
  'pkcs7-der': 'PKCS#7 certificate bundle (.p7b / .p7c), DER (binary)',
  'openpgp-public': 'OpenPGP public key (gpg --export)',
  'openpgp-private': 'OpenPGP secret key (gpg --export-secret-keys)',
  'base64-der': 'Base64 DER without PEM armour',
  'hex-der': 'Hex dump of a DER key (xxd, xxd -p or hex with colons)',
  'openssl-text': 'openssl -text output (modulus and exponent)',
  'ec-key': 'Elliptic-curve (EC) key',
  'ed25519-key': 'Ed25519 key',
  'dsa-key': 'DSA key',
  'rsa-pss-key': 'RSA-PSS key (RSA restricted to PSS signatures)',
  'non-rsa-key': 'A key that is not RSA',
  unknown: 'Not recognised'
}

const KEEP_PRIVATE = 'It stays on the device that signs; the broker gets only the public key.'

const ABOUT: Record<Format, string> = {
  'pkcs1-public-der': 'The bare RSA public key in binary: the broker’s own format (jwt-public.der).',
  'pkcs1-public-pem': 'The bare RSA public key as text. The broker needs the same key as binary DER.',
  'spki-der': 'The public key with its algorithm named (what most tools and WebCrypto write). The broker needs the bare PKCS#1 form.',
  'spki-pem': 'The usual public key file of openssl and most libraries (jwt-public.pem). The broker needs its PKCS#1 DER form.',
  'pkcs1-private-der': `An RSA private key in binary. ${KEEP_PRIVATE}`,
  'pkcs1-private-pem': `The private key a device signs its tokens with (jwt-private.pem). ${KEEP_PRIVATE}`,
  'pkcs8-private-der': `A private key in binary, as Java and WebCrypto export it. ${KEEP_PRIVATE}`,
  'pkcs8-private-pem': `The private key format of openssl 3, WebCrypto and most libraries. ${KEEP_PRIVATE}`,
  'certificate-der': 'A certificate: a public key signed by a CA, for TLS. The broker needs only the key inside.',
  'certificate-pem': 'A certificate: a public key signed by a CA, for TLS. The broker needs only the key inside.',
  'certificate-chain': 'A device certificate with the CA certificates that issued it, as a PKI team hands them out. Only the device’s own key belongs on the broker.',
  'encrypted-private-pem': 'A private key locked with a passphrase. Token signers need it unlocked; the site never asks for passphrases.',
  'encrypted-private-der': 'A private key locked with a passphrase. Token signers need it unlocked; the site never asks for passphrases.',
  'openssh-private': 'The private key ssh-keygen writes (id_rsa), for SSH logins. Its public half is stored in clear; token signers need the key as PEM.',
  'putty-private': 'The private key PuTTYgen saves on Windows, for PuTTY logins. Its public half is stored in clear; token signers need the key as PEM.',
  'sshcom-private': 'The private key format of ssh.com’s Tectia SSH (PuTTYgen exports it). Token signers need the key as PEM.',
  pkcs12: 'A password-protected container with a private key and its certificate (Windows, Java, openssl pkcs12). Take the key out with openssl.',
  'java-keystore': 'A Java key store. Convert it to PKCS#12 with keytool, then take the key out with openssl.',
  'ssh-rsa-public': 'The SSH public key line from a .pub file or authorized_keys. The broker needs the same key as PKCS#1 DER.',
  'ssh2-public': 'An SSH public key in the RFC 4716 block (ssh-keygen -e, PuTTYgen’s public key). The broker needs it as PKCS#1 DER.',
  'jwk-public': 'A JSON Web Key, as identity providers and jose publish them. The broker needs it as PKCS#1 DER.',
  'jwk-private': `A private key as a JSON Web Key. ${KEEP_PRIVATE}`,
  'csr-pem': 'A request for a CA to certify this public key (for the IT department or a PKI portal). It holds the device’s public key.',
  'csr-der': 'A request for a CA to certify this public key (for the IT department or a PKI portal). It holds the device’s public key.',
  'pkcs7-pem': 'A bundle of certificates (a chain), as Windows and PKI portals export them. Only the device’s own key belongs on the broker.',
  'pkcs7-der': 'A bundle of certificates (a chain), as Windows and PKI portals export them. Only the device’s own key belongs on the broker.',
  'openpgp-public': 'A GnuPG key, for signing mail and releases. The numbers of its RSA key can be written as PKCS#1 DER.',
  'openpgp-private': 'A GnuPG secret key. Its public half is stored in clear; it is not a key for device tokens.',
  'base64-der': 'DER bytes written as base64 text (copied from a config file or an e-mail). The broker reads the bytes, not the text.',
  'hex-der': 'DER bytes written as hex text (xxd, a debugger, a colleague’s e-mail). The broker reads the bytes, not the text.',
  'openssl-text': 'The human-readable dump openssl prints with -text. The modulus and exponent in it are the whole public key.',
  'ec-key': 'An elliptic-curve key. The broker verifies RS256 only, which needs an RSA key.',
  'ed25519-key': 'An Ed25519 key. The broker verifies RS256 only, which needs an RSA key.',
  'dsa-key': 'A DSA key (an old signature algorithm). The broker verifies RS256 only, which needs an RSA key.',
  'rsa-pss-key': 'An RSA key restricted to PSS signatures (PS256). RS256 signs with PKCS#1 v1.5, so signers refuse this key for it.',
  'non-rsa-key': 'A key of another algorithm. The broker verifies RS256 only, which needs an RSA key.',
  unknown: 'Not a key format the site knows.'
}

export function formatLabel(format: string): string {
  return (LABELS as Record<string, string>)[format] ?? format.replace(/-/g, ' ')
}

/** What the format is for and what to do with it, in one or two sentences. */
export function formatAbout(format: string): string {
  return (ABOUT as Record<string, string>)[format] ?? ''
}
