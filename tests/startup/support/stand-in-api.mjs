// A stand-in for the built api, run by scripts/start.mjs through PARLEY_API_ENTRY: it listens on PORT, says so with
// its pid, and on SIGTERM or SIGINT closes its port and exits, as the api does after its drain.
import { createServer } from 'node:http';

const server = createServer((_req, res) => res.end('{"status":"ready"}'));
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write(`stand-in api ${process.pid} listening on ${process.env.PORT}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    process.stdout.write(`stand-in api got ${signal}\n`);
    server.close(() => process.exit(0));
  });
}
