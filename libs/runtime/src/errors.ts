import { Code, ConnectError } from "@connectrpc/connect";

export { Code, ConnectError };

export function invalidArgument(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}

export function notFound(message: string): ConnectError {
  return new ConnectError(message, Code.NotFound);
}

export function unavailable(message: string): ConnectError {
  return new ConnectError(message, Code.Unavailable);
}

/**
 * checkText validates a member-supplied text field: present when required, within its length in
 * characters, and valid UTF-8. Invalid UTF-8 arrives decoded as U+FFFD, which no well-formed client
 * sends, so its presence is taken as a broken encoding.
 */
export function checkText(field: string, value: string, opts: { required?: boolean; max: number }): string {
  const trimmed = value.trim();
  if (opts.required && trimmed.length === 0) throw invalidArgument(`${field} is empty; send 1 to ${opts.max} characters`);
  if (value.length > opts.max) {
    throw invalidArgument(`${field} is ${value.length} characters long; the limit is ${opts.max}`);
  }
  if (value.includes("\uFFFD")) throw invalidArgument(`${field} is not valid UTF-8`);
  return trimmed;
}

/** codeName is a status code's canonical gRPC name, for example "DEADLINE_EXCEEDED". */
export function codeName(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/** isRetryable says whether a call that failed with code may succeed if sent again. */
export function isRetryable(code: Code): boolean {
  return code === Code.Unavailable || code === Code.ResourceExhausted || code === Code.Aborted;
}
