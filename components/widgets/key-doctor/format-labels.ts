// Human names for the formats the key library detects.
const LABELS: Record<string, string> = {
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
  'openssh-private': 'OpenSSH private key (BEGIN OPENSSH PRIVATE KEY)',
  'ssh-rsa-public': 'OpenSSH public key line (ssh-rsa AAAA…)',
  'jwk-public': 'JWK (JSON Web Key), RSA public',
  'jwk-private': 'JWK (JSON Web Key), RSA private',
  'base64-der': 'Base64 DER without PEM armour',
  'ec-key': 'Elliptic-curve (EC) key',
  'ed25519-key': 'Ed25519 key',
  unknown: 'Not recognised'
}

export function formatLabel(format: string): string {
  return LABELS[format] ?? format.replace(/-/g, ' ')
}
