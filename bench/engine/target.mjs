// The benchmark's target: nginx (if /usr/sbin/nginx exists) with a loopback-only config in a temp
// dir answering 200 "ok" on every path, else a node:http server in a child process. Pinned to
// `cpu` with taskset. Returns { url, kind, stop() }; stop() ends only the process it started.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.text();
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`target on port ${port} did not answer within ${timeoutMs} ms`);
}

export async function startTarget(cpu) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'perf-bench-'));
  let child;
  let kind;
  if (existsSync('/usr/sbin/nginx')) {
    kind = 'nginx';
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes 1;
daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "ok"; }
  }
}
`,
    );
    child = spawn('taskset', ['-c', String(cpu), '/usr/sbin/nginx', '-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    kind = 'node:http';
    const script = `require('node:http').createServer((q, s) => { q.resume(); s.end('ok'); }).listen(${port}, '127.0.0.1')`;
    child = spawn('taskset', ['-c', String(cpu), process.execPath, '-e', script], { stdio: 'inherit' });
  }
  await waitForPort(port, 10_000);
  return {
    url: `http://127.0.0.1:${port}`,
    kind,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(rmSync(dir, { recursive: true, force: true }));
        child.once('exit', () => resolve(rmSync(dir, { recursive: true, force: true })));
        process.kill(child.pid, 'SIGTERM');
      }),
  };
}
