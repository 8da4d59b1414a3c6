// One way to run a command a maintainer types: Node's own util.parseArgs reads the command line, and
// the outcome becomes an exit code. A wrong command line prints what is wrong and the usage (exit 2);
// a failure the command expects prints its Dutch message (exit 1); anything else is a bug and throws,
// with its stack trace, for whoever fixes it.
import { parseArgs } from 'node:util';

/** The command line is wrong: the message, then the usage, exit code 2. */
export class UsageError extends Error {}

/** The command could not do its job for a reason the operator can act on: its message, exit code 1. */
export class CommandFailure extends Error {}

type OptionKind = 'boolean' | 'string';
type Values<O extends Record<string, OptionKind>> = { readonly [K in keyof O]: O[K] extends 'boolean' ? boolean : string | undefined };

export interface CommandLine<O extends Record<string, OptionKind>> {
  readonly positionals: readonly string[];
  readonly values: Values<O>;
}

export interface CommandDefinition<O extends Record<string, OptionKind>> {
  /** Shown for --help, and after the message of a wrong command line. */
  readonly usage: string;
  /** The long options the command takes besides --help (`--force`: 'boolean'). */
  readonly options: O;
  /** Errors of these classes (besides CommandFailure) are expected failures: message, exit code 1. */
  readonly failures?: readonly (abstract new (...args: never[]) => Error)[];
  run(commandLine: CommandLine<O>): Promise<void> | void;
}

/** Parses process.argv (or `args`), runs the command and sets process.exitCode: 0, 1 or 2. */
export async function runCommand<O extends Record<string, OptionKind>>(command: CommandDefinition<O>, args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const options = Object.fromEntries([...Object.entries(command.options).map(([name, type]) => [name, { type }]), ['help', { type: 'boolean', short: 'h' }]]) as Record<string, { type: OptionKind; short?: string }>;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    printUsageError(command.usage, dutchParseError(error));
    return;
  }
  if (parsed.values.help === true || parsed.positionals[0] === 'help') {
    console.log(command.usage);
    return;
  }
  const values = Object.fromEntries(Object.entries(command.options).map(([name, type]) => [name, type === 'boolean' ? parsed.values[name] === true : parsed.values[name]])) as Values<O>;
  try {
    await command.run({ positionals: parsed.positionals, values });
  } catch (error) {
    if (error instanceof UsageError) {
      printUsageError(command.usage, error.message);
    } else if (error instanceof CommandFailure || command.failures?.some((failure) => error instanceof failure)) {
      console.error((error as Error).message);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

function printUsageError(usage: string, message: string): void {
  console.error(`${message}\n\n${usage}`);
  process.exitCode = 2;
}

// parseArgs speaks English and names the option between single quotes.
function dutchParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^']*)'/.exec(message ?? '')?.[1]?.split(/[ ,]/)[0];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Onbekende optie "${option ?? '?'}".`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `De optie "${option ?? '?'}" krijgt geen waarde, of mist er een.`;
  throw error;
}
