/**
 * Terminal artefacts pasted into a config (model/artefacts.ts): one precise finding per artefact,
 * the rest checked as the config it is; never a line that is valid config.
 */
import { describe, expect, it } from 'vitest';
import { stripTerminalArtefacts } from '../../labs/core/model/artefacts';
import { buildModel } from '../../labs/core/model/build';
import { MemoryTree } from '../../labs/core/vfs';
import { loadLab } from '../../labs/node/specs';
import { fullYaml, runCheck } from '../checks/checkTester';
import filesRecognised from '../../labs/core/checks/submission/files-recognised';
import frontendPort80 from '../../labs/core/checks/haproxy/frontend-port-80';

const HAP =
  'global\n    daemon\ndefaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\nfrontend www\n    bind *:80\n    default_backend web\nbackend web\n    balance roundrobin\n    server web-01 10.0.0.11:80 check\n    server web-02 10.0.0.12:80 check\n';
const SITE =
  'server {\n    listen 80 default_server;\n    root /var/www/html;\n    add_header X-Served-By $hostname;\n    location / {\n        try_files $uri $uri/ =404;\n    }\n}\n';
const CNF = '[mysqld]\nserver-id = 1\nlog_bin = /var/log/mysql/mysql-bin.log\n';
const NANO_HELP =
  '^G Help        ^O Write Out   ^W Where Is    ^K Cut         ^T Execute     ^C Location\n^X Exit        ^R Read File   ^\\ Replace     ^U Paste       ^J Justify     ^/ Go To Line\n';

describe('stripTerminalArtefacts', () => {
  const cases: Array<[string, string, Array<[number, RegExp]>]> = [
    [
      'a prompt line with the cat command on top',
      `ubuntu@ip-172-31-1-2:~$ cat /etc/haproxy/haproxy.cfg\n${HAP}`,
      [[1, /shell prompt/]],
    ],
    ['a root prompt with a path, at the bottom', `${SITE}root@web-01:/etc/nginx# `, [[9, /shell prompt/]]],
    ['a RHEL prompt', `[root@lb-01 ~]# cat /etc/haproxy/haproxy.cfg\n${HAP}`, [[1, /shell prompt/]]],
    ['a bare $ prompt with cat', `$ sudo cat /etc/mysql/my.cnf\n${CNF}`, [[1, /shell prompt/]]],
    [
      'nano title bar, nano help lines and a status line',
      `  GNU nano 6.2            /etc/nginx/sites-available/default             \n\n${SITE}\n[ Wrote 8 lines ]\n${NANO_HELP}`,
      [
        [1, /title bar/],
        [12, /status line/],
        [13, /help lines/],
      ],
    ],
    [
      'a help line cut short by the copy (`^X Exit` alone)',
      `${CNF}^X Exit          ^R Read File\n^X Exit\n`,
      [[4, /help lines/]],
    ],
    [
      'a prompt, then the nano title bar',
      `ubuntu@web-01:~$ sudo nano /etc/nginx/sites-available/default\n  GNU nano 7.2   /etc/nginx/sites-available/default\n${SITE}`,
      [
        [1, /shell prompt/],
        [2, /title bar/],
      ],
    ],
  ];
  for (const [name, text, want] of cases) {
    it(name, () => {
      const r = stripTerminalArtefacts('f', text);
      expect(r.diagnostics.map((d) => [d.span.line, d.message])).toEqual(
        want.map(([l, m]) => [l, expect.stringMatching(m)]),
      );
      expect(
        r.diagnostics.every(
          (d) => d.code === 'source/terminal-artefact' && d.severity === 'warning' && d.span.file === 'f',
        ),
      ).toBe(true);
      // line numbers kept; only the artefact lines changed
      expect(r.text.split('\n').length).toBe(text.split('\n').length);
      const kept = text
        .split('\n')
        .filter(
          (_, i) =>
            !want.some(([l]) => l === i + 1) &&
            !r.diagnostics.some((d) => i + 1 >= d.span.line && i + 1 <= (d.span.endLine ?? d.span.line)),
        );
      expect(r.text.split('\n').filter((l) => l !== '')).toEqual(kept.filter((l) => l !== ''));
    });
  }
  it('a `$ ` before every line: the prompts go, the lines stay', () => {
    const text =
      HAP.replace(/\n$/, '')
        .split('\n')
        .map((l) => `$ ${l}`)
        .join('\n') + '\n';
    const r = stripTerminalArtefacts('lb.cfg', text);
    expect(r.text).toBe(HAP);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0].message).toMatch(/every line of lb\.cfg starts with `\$ `/);
  });
  it('never blanks valid config: comments, directives, option lines, a file with nothing else', () => {
    for (const text of [
      HAP,
      SITE,
      CNF,
      `# ubuntu@web-01:~$ cat /etc/haproxy/haproxy.cfg\n${HAP}`,
      `server_name admin@example.com;\n${SITE}`,
      `${SITE}# ^G Help ^O Write Out\n`,
      `[client]\nuser = root@localhost\n${CNF}`,
      'ubuntu@web-01:~$ cat /etc/haproxy/haproxy.cfg\n',
      '',
    ]) {
      const r = stripTerminalArtefacts('f', text);
      expect(r.diagnostics, text.slice(0, 60)).toEqual([]);
      expect(r.text).toBe(text);
    }
  });
});

describe('model and report: one finding, the rest checked as the config it is', () => {
  const lab = loadLab('distributed-web');
  it('a HAProxy config under a prompt line is parsed without it, and the finding names the line', () => {
    const m = buildModel(
      new MemoryTree({ 'lb-01/haproxy.cfg': `ubuntu@lb-01:~$ cat /etc/haproxy/haproxy.cfg\n${HAP}ubuntu@lb-01:~$ ` }),
      lab,
      [],
      { yaml: fullYaml },
    );
    expect(m.hosts['lb-01'].haproxy).toHaveLength(1);
    expect(m.hosts['lb-01'].haproxy[0].diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(m.hosts['lb-01'].haproxy[0].config.sections.map((s) => s.name ?? s.type)).toContain('www');
    expect(
      m.diagnostics.filter((d) => d.code === 'source/terminal-artefact').map((d) => [d.span.file, d.span.line]),
    ).toEqual([
      ['lb-01/haproxy.cfg', 1],
      ['lb-01/haproxy.cfg', 16],
    ]);
  });
  it('nginx sites with nano bars are parsed without them (includes read the cleaned text too)', () => {
    const m = buildModel(
      new MemoryTree({
        'web-01/default': `  GNU nano 6.2   /etc/nginx/sites-available/default\n${SITE}\n${NANO_HELP}`,
      }),
      lab,
      [],
      { yaml: fullYaml },
    );
    expect(m.hosts['web-01'].nginx).toHaveLength(1);
    expect(m.hosts['web-01'].nginx[0].parse.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('the finding reaches the report (submission/files-recognised), at the artefact line; the HAProxy checks see the config', () => {
    const files = { 'lb-01/haproxy.cfg': `ubuntu@lb-01:~$ cat /etc/haproxy/haproxy.cfg\n${HAP}` };
    const r = runCheck(filesRecognised as never, { name: 'artefact', base: 'solution', files, remove: ['lb-01/'] });
    const f = r.findings.filter((x) => /shell prompt/.test(x.message));
    expect(f.map((x) => [x.file, x.line, x.severity])).toEqual([['lb-01/haproxy.cfg', 1, 'warning']]);
    expect(
      runCheck(frontendPort80 as never, { name: 'artefact', base: 'solution', files, remove: ['lb-01/'] }).status,
    ).toBe('pass');
  });
});
