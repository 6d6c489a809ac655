/**
 * dynalite on a thread of its own (infra/local/dynamo.ts startDynaliteThread): its request parsing,
 * validation and LevelDB callbacks then never wait behind the gateway's handlers on one event loop.
 * Plain CommonJS so that it runs as it is, under tsx, vitest or bare node alike.
 *
 * In: workerData { dynalite, level, path?, port }. Out: { ready: port } | { failed: { code, message } };
 * on the message 'close' the server stops, LevelDB is closed (flushed), then { closed: true } | { closed: false, message }.
 */
const { parentPort, workerData } = require('node:worker_threads');

const dynalite = require(workerData.dynalite);
const { Level } = require(workerData.level);

/** The root cause's code (LEVEL_LOCKED, LEVEL_CORRUPTION, ENOTDIR…) says more than "not open". */
function describe(error) {
  let inner = error;
  while (inner?.cause && !['LEVEL_LOCKED', 'LEVEL_CORRUPTION', 'LEVEL_IO_ERROR'].includes(inner.code))
    inner = inner.cause;
  return { code: inner?.code ?? error?.code, message: String(inner?.message ?? error).split('\n')[0] };
}

async function start() {
  if (workerData.path) {
    // dynalite opens LevelDB lazily and throws from a callback when it cannot: open it once first, so
    // that a held or broken folder is refused at start, with its reason.
    const probe = new Level(workerData.path, { valueEncoding: 'json' });
    await probe.open();
    await probe.close();
  }
  // createTableMs 0: tables are ACTIVE at once, as tests and start-up want.
  const server = dynalite({
    ...(workerData.path ? { path: workerData.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(workerData.port, '127.0.0.1', () => resolve());
  });
  parentPort.once('message', () => {
    server.close((error) =>
      parentPort.postMessage(error ? { closed: false, message: String(error.message) } : { closed: true }),
    );
  });
  parentPort.postMessage({ ready: server.address().port });
}

start().catch((error) => parentPort.postMessage({ failed: describe(error) }));
