/**
 * The load generator of the load benchmark. It runs in a worker thread so that building requests and
 * parsing responses does not compete with the server on the server's own event loop.
 *
 * `concurrency` closed-loop clients share one keep-alive agent and take request specs in turn until
 * `total` requests are done. Each request records its status, time to the response headers, total
 * time and, for streamed bodies, when each `marks` pattern first appeared in the body.
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface LoadJob {
  /** `http://host:port`; request paths are appended. */
  baseUrl: string;
  requests: RequestSpec[];
  concurrency: number;
  total: number;
  /** Name → substring; the time at which each first appears in the response body is recorded. */
  marks?: Record<string, string>;
  /** Return each response body (to count refusals); off by default to keep messages small. */
  keepBodies?: boolean;
  headers?: Record<string, string>;
}

export interface RequestTiming {
  status: number;
  ttfbMs: number;
  totalMs: number;
  marks: Record<string, number>;
  body?: string;
  error?: string;
}

export interface LoadResult {
  wallMs: number;
  timings: RequestTiming[];
}

/** Runs one job in a fresh worker thread and resolves with every request's timing. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'load-client.js'), { workerData: job });
    worker.once('message', (result: LoadResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with code ${code}`));
    });
  });
}

function once(agent: Agent, job: LoadJob, spec: RequestSpec): Promise<RequestTiming> {
  const url = new URL(spec.path, job.baseUrl);
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const marks = Object.entries(job.marks ?? {});
  return new Promise((resolve) => {
    const started = performance.now();
    const timing: RequestTiming = { status: 0, ttfbMs: NaN, totalMs: NaN, marks: {} };
    const req = request(
      url,
      {
        method: spec.method,
        agent,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...job.headers,
        },
      },
      (res) => {
        timing.ttfbMs = performance.now() - started;
        timing.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        let body = '';
        res.on('data', (chunk: string) => {
          body += chunk;
          for (const [name, pattern] of marks) {
            if (timing.marks[name] === undefined && body.includes(pattern)) {
              timing.marks[name] = performance.now() - started;
            }
          }
        });
        res.on('end', () => {
          timing.totalMs = performance.now() - started;
          if (job.keepBodies) timing.body = body;
          resolve(timing);
        });
      },
    );
    req.on('error', (e) => {
      timing.totalMs = performance.now() - started;
      timing.error = e.message;
      resolve(timing);
    });
    req.end(payload);
  });
}

async function work(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const timings: RequestTiming[] = [];
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < job.total) {
      const i = next++;
      timings[i] = await once(agent, job, job.requests[i % job.requests.length]);
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, client));
  const wallMs = performance.now() - started;
  agent.destroy();
  return { wallMs, timings };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  void work(workerData as LoadJob).then((result) => port.postMessage(result));
}
