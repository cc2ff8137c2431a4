import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

export interface GatedRequest {
  readonly index: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/**
 * What happens to a request the gate has decided on: sent on to the service, answered by the
 * proxy (an injected error), or its connection closed without an answer.
 */
export type GateDecision =
  | { readonly kind: 'forward' }
  | { readonly kind: 'respond'; readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
  | { readonly kind: 'drop' };

export const FORWARD: GateDecision = { kind: 'forward' };

export interface GateStats {
  /** Requests received. */
  received: number;
  forwarded: number;
  /** Requests whose client went away while the gate held them: never sent on, as if lost with a crashed machine. */
  abandoned: number;
  responded: number;
  dropped: number;
}

export interface GateProxy {
  readonly url: string;
  readonly stats: Readonly<GateStats>;
  /** Decides on each request, possibly after holding it for a while (return a promise). */
  setGate(gate: (request: GatedRequest) => GateDecision | Promise<GateDecision>): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a real local service whose gate can HOLD a request (an async
 * decision) before sending it on. Unlike a delay, a held request whose client dies meanwhile
 * (SIGKILL) never reaches the service: this is what lets the fault suite kill a pass at a chosen
 * point, e.g. after delivery but before any checkpoint write, and have the write truly not happen.
 */
export async function startGateProxy(target: string): Promise<GateProxy> {
  const targetUrl = new URL(target);
  let gate: (request: GatedRequest) => GateDecision | Promise<GateDecision> = () => FORWARD;
  const stats: GateStats = { received: 0, forwarded: 0, abandoned: 0, responded: 0, dropped: 0 };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A gate that throws is a bug in the test: say so, and fail the request the way a broken network would.
      process.stderr.write(`fault gate proxy: ${error instanceof Error ? error.stack : String(error)}\n`);
      res.socket?.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let clientGone = false;
    res.once('close', () => (clientGone = !res.writableFinished));
    const body = await buffer(req);
    const info: GatedRequest = { index: stats.received++, method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body };
    const decision = await gate(info);
    if (clientGone || res.destroyed) {
      stats.abandoned++;
      return;
    }
    if (decision.kind === 'drop') {
      stats.dropped++;
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'respond') {
      stats.responded++;
      res.writeHead(decision.status, { 'content-type': 'application/xml', ...decision.headers });
      res.end(decision.body ?? '');
      return;
    }
    stats.forwarded++;
    const upstream = request(
      { hostname: targetUrl.hostname, port: targetUrl.port, method: req.method, path: req.url, headers: { ...req.headers, host: targetUrl.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.once('error', () => res.socket?.destroy());
      },
    );
    upstream.once('error', () => res.socket?.destroy());
    upstream.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get stats() {
      return { ...stats };
    },
    setGate: (fn) => {
      gate = fn;
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
