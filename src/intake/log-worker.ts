// Worker thread: reads parts of large log files (see parallel.ts) and posts back what it found.
import { parentPort } from 'node:worker_threads';
import { readPart, type PartRequest } from './parallel.js';

parentPort?.on('message', (req: PartRequest) => {
  readPart(req).then(
    (r) => parentPort?.postMessage(r),
    (e: Error) => parentPort?.postMessage({ id: req.id, error: e.message }),
  );
});
