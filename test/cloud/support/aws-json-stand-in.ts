import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Operation = (input: Record<string, unknown>) => unknown;

/** An error answered with the AWS error type the service would use. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReceivedRequest {
  operation: string;
  input: Record<string, unknown>;
}

/**
 * A local stand-in for an AWS service speaking the AWS JSON protocol: the SDK posts to `AWS_ENDPOINT_URL_<SERVICE>`,
 * the `x-amz-target` header names the operation, the answer is `application/x-amz-json-1.1`. It records every
 * request; an operation it does not know is answered as AWS would (UnknownOperationException), so the function
 * under test fails loudly instead of being told something made up.
 */
export class AwsJsonStandIn {
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    readonly received: ReceivedRequest[],
  ) {}

  static async start(operations: Record<string, Operation>): Promise<AwsJsonStandIn> {
    const received: ReceivedRequest[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        received.push({ operation, input });
        const answer = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `stand-in-${received.length}` });
          response.end(JSON.stringify(body));
        };
        const handle = operations[operation];
        if (!handle) return answer(400, { __type: 'UnknownOperationException', message: `${operation} is not served by this stand-in` });
        try {
          answer(200, handle(input));
        } catch (error) {
          const type = error instanceof AwsError ? error.type : 'ResourceNotFoundException';
          answer(400, { __type: type, message: error instanceof Error ? error.message : String(error) });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new AwsJsonStandIn(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
