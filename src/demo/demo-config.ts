// The perf.yml the demo runs against its bundled service: the same format users write, kept short
// so both runs fit in well under a minute on loopback.

export const DEMO_CONFIG_YAML = `
name: demo-shop
target: \${DEMO_TARGET}
labels: { service: demo-shop, environment: loopback }
http:
  timeout: 5s
  connections: 32
load:
  model: open
  phases:
    - { name: warm-up, duration: 5s, rate: 25, rampTo: 250 }
    - { name: steady, duration: 22s, rate: 250 }
trim: auto
scenarios:
  - name: browse
    weight: 3
    steps:
      - { name: home, get: /, expect: { status: 200 } }
      - { name: list products, get: /api/products, capture: { productId: "$.items[3].id" } }
      - { name: product, get: "/api/products/{{ productId }}", expect: { status: 200 } }
  - name: checkout
    weight: 1
    steps:
      - name: add to cart
        post: /api/cart
        json: { productId: 42, qty: 1 }
        expect: { status: 201 }
slo:
  - name: pages are fast
    endpoints: [home, product]
    latency: { threshold: 50ms, objective: 99% }
  - name: checkout works
    endpoints: [add to cart]
    availability: 99.9%
compare:
  percentiles: [p50, p95, p99]
  tolerance: { p50: 5%, p95: 10%, p99: 15% }
  floor: 1ms
`;

/** The endpoint the demo slows down in its second run, and by how much. */
export const DEMO_INJECTED_CHANGE = Object.freeze({ serviceEndpoint: 'product', resultEndpoint: 'product', factor: 1.5 });
