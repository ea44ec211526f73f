// What to do with a private key the site cannot (or should not) read whole: passphrase-protected
// PEM, and the private key formats of OpenSSH, PuTTY, ssh.com and OpenPGP. Each error names the
// format and carries the exact command that turns it into the PEM a token signer reads.
import { KeyFormatError } from './key-errors'
import { NEW_RSA_KEY_COMMAND } from './rsa-keys'

const PKCS8_ENCRYPTED_COMMAND = 'openssl pkcs8 -in key.pem -out jwt-private.pem -traditional'
const LEGACY_ENCRYPTED_COMMAND = 'openssl rsa -in key.pem -out jwt-private.pem -traditional'

/** openssl reads either encrypted form, asks for the passphrase and writes the broker's file. */
export const ENCRYPTED_PUBLIC_COMMAND = 'openssl rsa -in key.pem -RSAPublicKey_out -outform DER -out jwt-public.der'

export function encryptedKeyError(legacyPem: boolean): KeyFormatError {
  const decrypt = legacyPem ? LEGACY_ENCRYPTED_COMMAND : PKCS8_ENCRYPTED_COMMAND
  return new KeyFormatError(
    'KEY_ENCRYPTED',
    `This private key is encrypted with a passphrase (${legacyPem ? 'a PEM with "Proc-Type: 4,ENCRYPTED"' : 'PKCS#8, BEGIN ENCRYPTED PRIVATE KEY'}), and this format keeps even its public half encrypted, so it cannot be read here (and the site never asks for passphrases).`,
    `On your machine (key.pem is your encrypted file; openssl asks for the passphrase), write the broker's file: ${ENCRYPTED_PUBLIC_COMMAND}. A token signer needs the key decrypted: ${decrypt}`,
    { command: ENCRYPTED_PUBLIC_COMMAND, commands: [ENCRYPTED_PUBLIC_COMMAND, decrypt] }
  )
}

const OPENSSH_COMMAND = 'ssh-keygen -p -m PEM -f jwt-private.pem'

export function opensshError(encrypted: boolean): KeyFormatError {
  return new KeyFormatError(
    'KEY_OPENSSH_PRIVATE',
    `This is an RSA key in OpenSSH's own private key format${encrypted ? ', protected by a passphrase' : ''}. Token signers and this site need it as PEM (BEGIN RSA PRIVATE KEY).`,
    `Convert a copy on your machine (cp id_rsa jwt-private.pem first; leave the new passphrase empty): ${OPENSSH_COMMAND}`,
    { command: OPENSSH_COMMAND }
  )
}

const PUTTY_COMMAND = 'puttygen key.ppk -O private-openssh -o jwt-private.pem'
/** An empty new passphrase: the PEM comes out unencrypted, as token signers need it. */
const PUTTY_ENCRYPTED_COMMAND = 'puttygen key.ppk -O private-openssh --new-passphrase /dev/null -o jwt-private.pem'

export function puttyError(encrypted = false): KeyFormatError {
  const command = encrypted ? PUTTY_ENCRYPTED_COMMAND : PUTTY_COMMAND
  return new KeyFormatError(
    'KEY_PUTTY_PRIVATE',
    `This is a PuTTY private key (.ppk)${encrypted ? ', protected by a passphrase' : ''}. Token signers need it as PEM.`,
    `Export it with PuTTYgen (Conversions → Export OpenSSH key${encrypted ? ', after clearing the passphrase' : ''}), or${encrypted ? ' (puttygen asks for the passphrase)' : ''}: ${command}`,
    { command }
  )
}

const SSHCOM_COMMAND = 'puttygen key.ssh2 -O private-openssh --new-passphrase /dev/null -o jwt-private.pem'

export function sshcomError(encrypted: boolean): KeyFormatError {
  return new KeyFormatError(
    'KEY_SSHCOM_PRIVATE',
    `This is an ssh.com (SECSH) private key (BEGIN SSH2 ENCRYPTED PRIVATE KEY)${encrypted ? ' protected by a passphrase: this format keeps the public key encrypted too, so it cannot be read here' : ''}. Token signers need it as PEM.`,
    `Convert a copy with PuTTYgen (key.ssh2 is your file${encrypted ? '; puttygen asks for the passphrase' : ''}), then give jwt-private.pem to the key doctor for jwt-public.der: ${SSHCOM_COMMAND}`,
    { command: SSHCOM_COMMAND }
  )
}

export function openpgpPrivateError(): KeyFormatError {
  return new KeyFormatError(
    'KEY_OPENPGP_PRIVATE',
    'This is an OpenPGP secret key (gpg --export-secret-keys). gpg cannot write it as the PEM a token signer reads, and an OpenPGP key is meant for gpg, not for device tokens.',
    `Give the device a key of its own: ${NEW_RSA_KEY_COMMAND}`,
    { command: NEW_RSA_KEY_COMMAND }
  )
}
