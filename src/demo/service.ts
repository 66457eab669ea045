// The bundled demo service: a small storefront API on loopback whose endpoints answer after
// lognormal delays, so the demo has something real to measure. `slowdown` multiplies one endpoint's
// delays, which is how the demo injects a regression into its second run.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoServiceOptions {
  /** Endpoint key (see DEMO_ENDPOINTS) → factor applied to its delays. */
  readonly slowdown?: Readonly<Record<string, number>>;
  readonly seed?: number;
}

export interface DemoService {
  readonly url: string;
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Median delay and lognormal spread of each endpoint, in ms. */
export const DEMO_ENDPOINTS: Readonly<Record<string, { readonly medianMs: number; readonly sigma: number }>> = Object.freeze({
  home: { medianMs: 4, sigma: 0.25 },
  products: { medianMs: 9, sigma: 0.3 },
  product: { medianMs: 6, sigma: 0.25 },
  cart: { medianMs: 12, sigma: 0.3 },
});

const PRODUCTS = Array.from({ length: 20 }, (_, index) => ({ id: 100 + index, name: `product ${100 + index}`, price: 5 + index }));
const PRODUCT_LIST = JSON.stringify({ items: PRODUCTS });
const HOME = '<!doctype html><title>demo shop</title><h1>demo shop</h1>';

/** Park–Miller generator and Box–Muller: a reproducible stream of normal draws without allocation. */
function normalStream(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  const uniform = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export async function startDemoService(options: DemoServiceOptions = {}): Promise<DemoService> {
  const normal = normalStream(options.seed ?? 7);
  const slowdown = options.slowdown ?? {};
  let served = 0;

  const delayMs = (key: string): number => {
    const endpoint = DEMO_ENDPOINTS[key];
    if (!endpoint) return 0;
    return endpoint.medianMs * (slowdown[key] ?? 1) * Math.exp(endpoint.sigma * normal());
  };

  const answer = (response: ServerResponse, key: string, status: number, type: string, body: string): void => {
    setTimeout(() => {
      response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    }, delayMs(key));
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    served += 1;
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/') return answer(response, 'home', 200, 'text/html', HOME);
    if (request.method === 'GET' && path === '/api/products') return answer(response, 'products', 200, 'application/json', PRODUCT_LIST);
    const productMatch = /^\/api\/products\/(\d+)$/.exec(path);
    if (request.method === 'GET' && productMatch) {
      const product = PRODUCTS.find((item) => item.id === Number(productMatch[1]));
      return product
        ? answer(response, 'product', 200, 'application/json', JSON.stringify(product))
        : answer(response, 'product', 404, 'application/json', '{"error":"no such product"}');
    }
    if (request.method === 'POST' && path === '/api/cart') {
      // Drain the body before answering, as a real handler would.
      request.resume();
      request.on('end', () => answer(response, 'cart', 201, 'application/json', '{"ok":true}'));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  };

  const server: Server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
