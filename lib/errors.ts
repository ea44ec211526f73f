// The one error shape every lib/ module throws or returns: a stable code, a sentence, and the fix.
// UIs and tests switch on `code`; `message` says what is wrong and `fix` says what to do about it.

export class CodedError<Code extends string = string> extends Error {
  readonly code: Code
  readonly fix: string

  constructor(code: Code, message: string, fix: string) {
    super(message)
    this.name = new.target.name
    this.code = code
    this.fix = fix
  }
}

export function isCodedError(value: unknown): value is CodedError {
  return value instanceof CodedError
}
