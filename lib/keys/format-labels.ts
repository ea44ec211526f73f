// Human names for the formats the key library detects (key doctor, explainer). A complete Record,
// so a new format in key-detect.ts fails the type check until it has a name here.
import type { KeyFormat } from './key-detect'

const LABELS: Record<KeyFormat | 'unknown', string> = {
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
  'encrypted-private-pem': 'Encrypted PKCS#8 private key, PEM (BEGIN ENCRYPTED PRIVATE KEY)',
  'encrypted-private-der': 'Encrypted PKCS#8 private key, DER (binary)',
  'openssh-private': 'OpenSSH private key (BEGIN OPENSSH PRIVATE KEY)',
  'putty-private': 'PuTTY private key (.ppk)',
  pkcs12: 'PKCS#12 bundle (.p12 / .pfx)',
  'java-keystore': 'Java KeyStore (JKS / JCEKS)',
  'ssh-rsa-public': 'OpenSSH public key line (ssh-rsa AAAA…)',
  'ssh2-public': 'SSH2 public key (BEGIN SSH2 PUBLIC KEY)',
  'jwk-public': 'JWK (JSON Web Key), RSA public',
  'jwk-private': 'JWK (JSON Web Key), RSA private',
  'base64-der': 'Base64 DER without PEM armour',
  'ec-key': 'Elliptic-curve (EC) key',
  'ed25519-key': 'Ed25519 key',
  'non-rsa-key': 'A key that is not RSA',
  unknown: 'Not recognised'
}

export function formatLabel(format: string): string {
  return (LABELS as Record<string, string>)[format] ?? format.replace(/-/g, ' ')
}
