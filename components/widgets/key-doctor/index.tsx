// <KeyDoctor /> for MDX: diagnose any RSA key or certificate and get the file the broker needs.
export { default as KeyDoctor } from './key-doctor.lazy'
