// The one runner of the maintainers' commands: how a command line becomes a run and an exit code.
import { expect } from 'chai';
import { CommandFailure, runCommand, UsageError } from '../../../src/cli/command-runner.js';

const USAGE = 'Gebruik: npm run voorbeeld -- BESTAND [--force] [--naam N]';

/** Runs a command with console and exit code captured, and puts them back afterwards. */
async function captured(args: string[], run: (line: { positionals: readonly string[]; values: { force: boolean; naam: string | undefined } }) => void | Promise<void>) {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  const exitCodeBefore = process.exitCode;
  console.log = (...parts: unknown[]) => out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => err.push(parts.join(' '));
  process.exitCode = undefined;
  try {
    await runCommand({ usage: USAGE, options: { force: 'boolean', naam: 'string' }, failures: [RangeError], run }, args);
    return { stdout: out.join('\n'), stderr: err.join('\n'), code: process.exitCode ?? 0 };
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = exitCodeBefore;
  }
}

describe('runCommand (src/cli/command-runner.ts)', () => {
  it('hands the command its positionals and options, and exits 0 when it succeeds', async () => {
    let seen: unknown;
    const run = await captured(['kopie.sqlite', '--force', '--naam', 'x'], (line) => {
      seen = line;
    });
    expect(run.code).to.equal(0);
    expect(seen).to.deep.equal({ positionals: ['kopie.sqlite'], values: { force: true, naam: 'x' } });
  });

  it('gives a boolean option that was left out as false', async () => {
    let force: boolean | undefined;
    await captured(['a'], ({ values }) => {
      force = values.force;
    });
    expect(force).to.equal(false);
  });

  for (const help of [['--help'], ['-h'], ['help']]) {
    it(`shows the usage for ${help.join(' ')} without running the command, exit code 0`, async () => {
      let ran = false;
      const run = await captured(help, () => {
        ran = true;
      });
      expect(ran).to.equal(false);
      expect(run.stdout).to.equal(USAGE);
      expect(run.code).to.equal(0);
    });
  }

  it('answers an unknown option in Dutch, with the usage and exit code 2, without running the command', async () => {
    let ran = false;
    const run = await captured(['a', '--forse'], () => {
      ran = true;
    });
    expect(ran).to.equal(false);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(`Onbekende optie "--forse".\n\n${USAGE}`);
  });

  it('answers an option without its value, or a value for a switch, in Dutch with exit code 2', async () => {
    expect((await captured(['a', '--naam'], () => undefined)).stderr).to.match(/^De optie "--naam" krijgt geen waarde, of mist er een\./);
    expect((await captured(['a', '--force=ja'], () => undefined)).code).to.equal(2);
  });

  it("turns the command's own UsageError into the message, the usage and exit code 2", async () => {
    const run = await captured([], () => {
      throw new UsageError('Geef precies één bestand.');
    });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(`Geef precies één bestand.\n\n${USAGE}`);
  });

  it('prints an expected failure (CommandFailure or a class the command names) as its message alone, exit code 1', async () => {
    for (const failure of [new CommandFailure('Het bestand bestaat niet.'), new RangeError('Er is niets veranderd.')]) {
      const run = await captured(['a'], () => {
        throw failure;
      });
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(failure.message);
    }
  });

  it('lets any other error through, as the bug it is', async () => {
    let thrown: unknown;
    try {
      await captured(['a'], () => {
        throw new TypeError('kapot');
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(TypeError);
  });
});
