import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PROXIED_SERVICES = ['dynamodb', 'sqs', 's3'] as const;
export type ProxiedService = (typeof PROXIED_SERVICES)[number];

interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The service a request is for: DynamoDB and SQS (JSON protocol) name their operation in `x-amz-target`. */
function serviceOf(request: Pick<IncomingMessage, 'headers'>): ProxiedService {
  const target = String(request.headers['x-amz-target'] ?? '');
  if (target.startsWith('DynamoDB_')) return 'dynamodb';
  if (target.startsWith('AmazonSQS.')) return 'sqs';
  return 's3';
}

const json = (status: number, type: string, message: string, extra: Record<string, string> = {}): ErrorAnswer => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.0', ...extra },
  body: JSON.stringify({ __type: type, message }),
});

/**
 * What each service answers when it sheds load, as AWS sends it (status, content type, error code where the SDK
 * reads it). Two answers per service, alternated, so both the 4xx throttling and the 5xx paths are taken.
 */
const ERROR_ANSWERS: Readonly<Record<ProxiedService, readonly [ErrorAnswer, ErrorAnswer]>> = {
  dynamodb: [
    json(400, 'com.amazonaws.dynamodb.v20120810#ThrottlingException', 'Rate of requests exceeds the allowed throughput.'),
    json(400, 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.'),
  ],
  sqs: [
    json(400, 'com.amazonaws.sqs#ThrottlingException', 'Rate exceeded', { 'x-amzn-query-error': 'ThrottlingException;Sender' }),
    json(500, 'com.amazonaws.sqs#InternalError', 'We encountered an internal error. Please try again.', { 'x-amzn-query-error': 'InternalError;Receiver' }),
  ],
  s3: [
    {
      status: 503,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    },
    {
      status: 500,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
    },
  ],
};

/** A DynamoDB or SQS request the proxy read whole, offered to a `hold` hook before it is sent on. */
export interface HeldRequest {
  service: ProxiedService;
  /** The operation named in `x-amz-target`, e.g. `UpdateItem`. */
  operation: string;
  body: Buffer;
}

export interface FaultProxy {
  /** Where clients connect instead of the upstream (loopback). */
  endpoint: string;
  /** From now on, answer this share (0–1) of requests with a throttling or server error instead of passing them on. */
  throttle(share: number): void;
  /** Pass everything through again. */
  calm(): void;
  readonly stats: { requests: number; throttled: Record<ProxiedService, number> };
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of an AWS emulator that, while throttling, refuses a share of requests the way
 * AWS does under load (the request never reaches the service), and streams everything else through unchanged.
 */
export async function startFaultProxy({
  upstream,
  random = Math.random,
  hold,
}: {
  upstream: string;
  random?: () => number;
  /** Called with every DynamoDB and SQS request that passes; the request goes on when it resolves (a slow network). */
  hold?: (request: HeldRequest) => Promise<void>;
}): Promise<FaultProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const stats = { requests: 0, throttled: { dynamodb: 0, sqs: 0, s3: 0 } as Record<ProxiedService, number> };
  let share = 0;

  function refuse(request: IncomingMessage, response: ServerResponse, service: ProxiedService): void {
    const answer = ERROR_ANSWERS[service][stats.throttled[service]++ % 2]!;
    const requestId = randomUUID();
    // Read the body away first, so the client sees the answer rather than a reset while it is still sending.
    request.resume();
    request.once('end', () => {
      response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body), 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId });
      response.end(answer.body);
    });
  }

  function pass(request: IncomingMessage, response: ServerResponse, body?: Buffer): void {
    const outgoing = forward(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    outgoing.on('error', () => response.destroy());
    // A client that goes away (a killed worker) takes its upstream request with it.
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    if (body) outgoing.end(body);
    else request.pipe(outgoing);
  }

  /** Reads a (small, JSON) request whole, lets `hold` keep it as long as it likes, then sends it on. */
  async function passHeld(request: IncomingMessage, response: ServerResponse, service: ProxiedService, hook: (request: HeldRequest) => Promise<void>): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    await hook({ service, operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '', body }).catch(() => undefined);
    if (!response.destroyed) pass(request, response, body);
  }

  const server = createServer((request, response) => {
    stats.requests += 1;
    const service = serviceOf(request);
    if (share > 0 && random() < share) refuse(request, response, service);
    else if (hold && service !== 's3') void passHeld(request, response, service, hold).catch(() => response.destroy());
    else pass(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttle(next) {
      share = Math.min(1, Math.max(0, next));
    },
    calm() {
      share = 0;
    },
    stats,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
