import { parseArgs, type ParseArgsConfig } from "node:util";

/** CommandIO is what a command reads and writes, so tests can run it without a process. */
export interface CommandIO {
  stdin: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP = { help: { type: "boolean", short: "h" } } as const;

type CommandValues<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP }>>["values"];

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * parseCommandArgs parses a command's options, with -h/--help added. It prints the usage and
 * returns the exit status when the command should stop: 0 after --help, 2 after a bad option.
 */
export function parseCommandArgs<const O extends Options>(args: string[], options: O, usage: string, io: CommandIO): CommandValues<O> | number {
  let values: CommandValues<O>;
  try {
    ({ values } = parseArgs({ args, options: { ...options, ...HELP } }));
  } catch (e) {
    io.stderr(`${errorMessage(e)}\n${usage}`);
    return 2;
  }
  if ((values as { help?: boolean }).help) {
    io.stdout(usage);
    return 0;
  }
  return values;
}

/** attempt runs a step of a command; when it throws, it prints the error and gives undefined, and the command exits 1. */
export function attempt<T>(io: CommandIO, step: () => T): T | undefined {
  try {
    return step();
  } catch (e) {
    io.stderr(`${errorMessage(e)}\n`);
    return undefined;
  }
}
