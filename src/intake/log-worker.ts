// Worker thread: reads the parts of large log files it can claim (see parallel.ts) and posts back what it found.
import { parentPort } from 'node:worker_threads';
import { parallelOptions, readPartsBatch, type PartsBatch } from './parallel.js';

// A worker reads what it is given on its own thread: it never starts workers of its own.
parallelOptions.threads = 1;

parentPort?.on('message', (batch: PartsBatch) => {
  readPartsBatch(batch, (m) => parentPort?.postMessage(m)).catch((e: Error) => parentPort?.postMessage({ id: batch.id, done: true, error: e.message }));
});
