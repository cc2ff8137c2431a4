import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

/** What the proxy does with one request. */
export type FaultAction =
  | { readonly kind: 'pass' }
  /** Answer with this status and body without reaching the target (e.g. 503 ServerBusy). */
  | { readonly kind: 'respond'; readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  /** Forward, send the target's headers and part of its body, then destroy the socket. */
  | { readonly kind: 'reset-mid-body'; readonly afterBytes: number }
  /** Forward after a delay. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Close the connection without answering. */
  | { readonly kind: 'drop' };

export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

/** Rewrites a target response before it is sent on (e.g. Azurite's empty 206 into Azure's 416). */
export type ResponseRewrite = (request: ProxiedRequest, status: number, headers: IncomingMessage['headers'], body: Buffer) =>
  { status: number; headers: IncomingMessage['headers']; body: Buffer } | undefined;

export interface FaultProxy {
  readonly url: string;
  readonly requests: ProxiedRequest[];
  setFault(decide: (request: ProxiedRequest, index: number) => FaultAction): void;
  setRewrite(rewrite: ResponseRewrite | undefined): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a real local service (Azurite, moto_server) that injects the
 * faults real networks and services produce: error statuses, connections reset mid-body, delays.
 * It never imitates the service itself: every answer it does not fault comes from the target.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  let decide: (request: ProxiedRequest, index: number) => FaultAction = () => ({ kind: 'pass' });
  let rewrite: ResponseRewrite | undefined;
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await buffer(req);
    const info: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    const index = requests.push(info) - 1;
    const action = decide(info, index);
    if (action.kind === 'respond') {
      res.writeHead(action.status, { 'content-type': 'application/xml', ...action.headers });
      res.end(action.body ?? '');
      return;
    }
    if (action.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    const upstream = request(
      { hostname: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      async (up) => {
        const upBody = await buffer(up);
        let status = up.statusCode ?? 502;
        let headers = up.headers;
        let data: Buffer = upBody;
        const rewritten = rewrite?.(info, status, headers, upBody);
        if (rewritten) ({ status, headers, body: data } = rewritten);
        // The body is sent whole with its length, never chunked: the two headers must not both be set.
        const { 'transfer-encoding': _chunked, ...rest } = headers;
        headers = rest;
        if (action.kind === 'reset-mid-body') {
          res.writeHead(status, { ...headers, 'content-length': String(data.length) });
          res.write(data.subarray(0, Math.min(action.afterBytes, data.length)), () => setTimeout(() => res.socket?.destroy(), 5));
          return;
        }
        res.writeHead(status, { ...headers, 'content-length': String(data.length) });
        res.end(data);
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    upstream.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (fn) => {
      decide = fn;
    },
    setRewrite: (fn) => {
      rewrite = fn;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
