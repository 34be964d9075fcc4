#!/usr/bin/env node
// The lab's application server (app-01): Node's `http`, no framework, no dependency.
//
//   GET  <any>/            -> {"host": "<the host it runs on>", "path": ...}
//   POST <any>/write?v=X   -> inserts X through the database PRIMARY   -> {"host", "wrote": X}
//   GET  <any>/read        -> the last values read from the REPLICA     -> {"host", "values": [...]}
//
// Started like the lab's systemd unit starts it: HOST and PORT from the environment.
// Database settings (all optional): DB_PRIMARY_HOST, DB_REPLICA_HOST, DB_PORT, DB_NAME, DB_USER,
// DB_PASSWORD, DB_TABLE. The database is reached with the `mariadb` command-line client (no npm
// driver); the password travels in MYSQL_PWD, never on the command line.
'use strict';
const http = require('node:http');
const os = require('node:os');
const { execFile } = require('node:child_process');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = Number(process.env.PORT || 5000);
const NAME = process.env.APP_HOSTNAME || os.hostname();
const DB = {
  primary: process.env.DB_PRIMARY_HOST || '',
  replica: process.env.DB_REPLICA_HOST || '',
  port: process.env.DB_PORT || '3306',
  name: process.env.DB_NAME || 'app_db',
  user: process.env.DB_USER || 'app',
  password: process.env.DB_PASSWORD || '',
  table: process.env.DB_TABLE || 'lab_messages',
};
const IDENT = /^[A-Za-z0-9_]{1,64}$/;

function sql(host, statement) {
  return new Promise((resolve) => {
    if (!host) return resolve({ ok: false, error: 'no database host configured' });
    execFile(
      'mariadb',
      ['--no-defaults', '--sandbox', '--connect-timeout=3', '-h', host, '-P', DB.port, '-u', DB.user, '-N', '-B', DB.name, '-e', statement],
      { env: { PATH: process.env.PATH, MYSQL_PWD: DB.password }, timeout: 5000 },
      (err, stdout, stderr) => {
        if (err) resolve({ ok: false, error: (stderr || String(err)).trim() });
        else resolve({ ok: true, rows: stdout.split('\n').filter(Boolean) });
      },
    );
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url || '/', 'http://app');
  const path = url.pathname.replace(/\/+$/, '');
  try {
    if (path.endsWith('/write') && (req.method === 'POST' || req.method === 'PUT')) {
      const v = url.searchParams.get('v') || '';
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(v) || !IDENT.test(DB.table)) return send(res, 400, { host: NAME, error: 'v must be 1-64 letters, digits, . _ -' });
      const r = await sql(DB.primary, `INSERT INTO ${DB.table} (v) VALUES ('${v}')`);
      return send(res, r.ok ? 200 : 502, r.ok ? { host: NAME, wrote: v, via: DB.primary } : { host: NAME, error: r.error, via: DB.primary });
    }
    if (path.endsWith('/read')) {
      const r = await sql(DB.replica, `SELECT v FROM ${DB.table} ORDER BY id DESC LIMIT 10`);
      return send(res, r.ok ? 200 : 502, r.ok ? { host: NAME, values: r.rows, via: DB.replica } : { host: NAME, error: r.error, via: DB.replica });
    }
    return send(res, 200, { host: NAME, path: url.pathname });
  } catch (err) {
    return send(res, 500, { host: NAME, error: String(err) });
  }
});
server.requestTimeout = 10000;
server.listen(PORT, HOST, () => process.stdout.write(`app listening on ${HOST}:${PORT} as ${NAME}\n`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 500).unref());
