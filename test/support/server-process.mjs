// A loopback target in its own process, so timing tests measure a server that does not share the
// generator's event loop (as wrk2 and the benchmarks run them). Usage:
//   node server-process.mjs delay <ms> | stall <ms>
// Prints "port <n>" once listening; exits when its stdin closes or on SIGTERM.
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';

const [kind, param] = process.argv.slice(2);
const amountMs = Number(param ?? 0);

function endAfter(res, startMs, delayMs) {
  const finish = () => {
    if (performance.now() - startMs >= delayMs) res.end('ok');
    else setImmediate(finish);
  };
  if (delayMs > 0) setTimeout(finish, delayMs);
  else finish();
}

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  req.resume();
  if (kind === 'delay') {
    if (amountMs <= 0) res.end('ok');
    else endAfter(res, performance.now(), amountMs);
  } else if (kind === 'stall') {
    const intoSecondMs = Date.now() % 1000;
    if (intoSecondMs < amountMs) endAfter(res, performance.now(), amountMs - intoSecondMs);
    else res.end('ok');
  } else {
    res.statusCode = 500;
    res.end('unknown kind');
  }
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
