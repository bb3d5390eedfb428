import { main } from './index.js';

// A reader that stops early (`adamant evaluate … | head -1`) closes the pipe: the rest of the output is not
// wanted, which is no failure, so the command ends quietly, as `cat` ends on SIGPIPE, instead of with an
// unhandled EPIPE error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

process.exitCode = await main(process.argv.slice(2));
