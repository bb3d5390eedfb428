/**
 * @adamant/cli: the `adamant` command (train, evaluate, compare, report). `main(argv)` runs it in-process
 * and returns the exit code.
 *
 * @example
 * // adamant train --data mnist --model 784-256-10 --optimizer adam --epochs 5 --save model.safetensors
 * process.exitCode = await main(process.argv.slice(2));
 */
import { readFileSync } from 'node:fs';
import { UsageError, type Io } from './args.js';
import { train, trainHelp } from './commands/train.js';
import { evaluate, evaluateHelp } from './commands/evaluate.js';
import { compare, compareHelp } from './commands/compare.js';
import { report, reportHelp } from './commands/report.js';

export { UsageError, type Io } from './args.js';

export const help = `Usage: adamant <command> [options]

Commands:
  train      train an MLP on mnist, fashion-mnist or IDX files; optionally save the weights
  evaluate   evaluate saved weights: accuracy and confusion matrix
  compare    train the same model under several optimizers and print a table
  report     write an HTML page of charts from JSONL training logs

Run adamant <command> --help for a command's options; adamant --version prints the version.

Examples:
  adamant train --data mnist --model 784-256-128-10 --activation relu --optimizer adam --lr 1e-3 --batch-size 128 --epochs 5 --seed 1 --save model.safetensors
  adamant evaluate --model-file model.safetensors --data mnist
  adamant compare --optimizers adam,sgd,rmsprop,adagrad --data mnist --epochs 5 --report compare.html
  adamant report runs/adam.jsonl runs/sgd.jsonl -o report.html`;

const commands: Record<string, { run: (argv: string[], io: Io) => Promise<number>; help: string }> = {
  train: { run: train, help: trainHelp },
  evaluate: { run: evaluate, help: evaluateHelp },
  compare: { run: compare, help: compareHelp },
  report: { run: report, help: reportHelp },
};

/** Runs the `adamant` command with `argv` (without node and the script); resolves to the exit code. */
export async function main(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${help}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout.write(`adamant ${version()}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(
      `adamant: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(commands).join(', ')} (see adamant --help)\n`,
    );
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // One line: the library's errors already say what was wrong and what was expected.
    io.stderr.write(`${/^adamant /.test(message) ? '' : `adamant ${name}: `}${message.split('\n')[0]}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** This package's version (its package.json sits one folder up from src/ and dist/ alike). */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
