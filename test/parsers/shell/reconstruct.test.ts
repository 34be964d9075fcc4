import { describe, expect, it } from 'vitest';
import {
  DEBIAN12_STOCK,
  HOST_NAME_SYMBOL,
  reconstructScript,
  type ReconstructedFile,
} from '../../../labs/core/parsers/shell/index';

function file(r: { files: ReconstructedFile[] }, target: string): ReconstructedFile {
  const f = r.files.find((x) => x.target === target);
  if (!f) throw new Error(`no reconstructed ${target}; have ${r.files.map((x) => x.target).join(', ')}`);
  return f;
}

/** `file:line` of each line of a reconstructed file. */
function origins(f: ReconstructedFile): string[] {
  return (f.origin ?? []).map((o) => (o ? `${o.file}:${o.line}` : '?'));
}

const codes = (r: { diagnostics: Array<{ code: string; span: { line: number } }> }): string[] =>
  r.diagnostics.map((d) => `${d.code}@${d.span.line}`);

describe('origins: every line maps back to the script line it came from', () => {
  it('heredoc lines map to their own script lines', () => {
    const src = '#!/bin/bash\n\ncat <<EOF > /etc/haproxy/haproxy.cfg\nglobal\n    daemon\n\ndefaults\nEOF\n';
    const f = file(reconstructScript('lb-01/setup.sh', src), '/etc/haproxy/haproxy.cfg');
    expect(f.text).toBe('global\n    daemon\n\ndefaults\n');
    expect(origins(f)).toEqual(['lb-01/setup.sh:4', 'lb-01/setup.sh:5', 'lb-01/setup.sh:6', 'lb-01/setup.sh:7']);
    expect(f.path).toBe('lb-01/setup.sh#/etc/haproxy/haproxy.cfg');
    expect(f.steps.map((s) => [s.op, s.span.line])).toEqual([['heredoc', 3]]);
  });

  it('quoted and tab-stripped heredoc lines map line by line', () => {
    const src = "echo start\ncat <<-'EOF' > /etc/x\n\tone\n\t\ttwo\n\n\tthree $x\n\tEOF\necho after >> /etc/x\n";
    const f = file(reconstructScript('s.sh', src), '/etc/x');
    expect(f.text).toBe('one\ntwo\n\nthree $x\nafter\n');
    expect(origins(f)).toEqual(['s.sh:3', 's.sh:4', 's.sh:5', 's.sh:6', 's.sh:8']);
  });

  it('appended lines keep their lines; a multi-line double-quoted string maps line by line', () => {
    const src = 'echo "a" > /etc/x\necho "b\nc" >> /etc/x\nprintf "%s\\n" d \\\n  e >> /etc/x\n';
    const f = file(reconstructScript('s.sh', src), '/etc/x');
    expect(f.text).toBe('a\nb\nc\nd\ne\n');
    expect(origins(f)).toEqual(['s.sh:1', 's.sh:2', 's.sh:3', 's.sh:4', 's.sh:5']);
  });

  it('a value assigned to a variable keeps the lines of the assignment', () => {
    const src = 'CONF="frontend web\n    bind *:80"\n\necho "$CONF" > /etc/haproxy/haproxy.cfg\n';
    const f = file(reconstructScript('s.sh', src), '/etc/haproxy/haproxy.cfg');
    expect(f.text).toBe('frontend web\n    bind *:80\n');
    expect(origins(f)).toEqual(['s.sh:1', 's.sh:2']);
  });

  it('stock lines map to the stock file; sed-inserted and sed-changed lines map to the sed line', () => {
    const src =
      "sed -i '/server_name _;/a \\tadd_header X-Served-By web-01;' /etc/nginx/sites-available/default\nsed -i 's/listen 80 default_server;/listen 8080 default_server;/' /etc/nginx/sites-available/default\n";
    const f = file(reconstructScript('web.sh', src), '/etc/nginx/sites-available/default');
    const stockLines = DEBIAN12_STOCK['/etc/nginx/sites-available/default'].text.split('\n');
    const iName = stockLines.findIndex((l) => l.includes('server_name _;'));
    const iListen = stockLines.findIndex((l) => l.includes('listen 80 default_server;'));
    const lines = f.text.split('\n');
    // GNU sed: in the one-line form `a \tTEXT` the backslash only ends the blanks, so the tab is lost (a real learner trap)
    expect(lines[iName + 1]).toBe('tadd_header X-Served-By web-01;');
    expect(f.origin![iName + 1]).toEqual({ file: 'web.sh', line: 1 });
    expect(f.origin![iName]).toEqual({
      file: 'stock:nginx-common:/etc/nginx/sites-available/default',
      line: iName + 1,
    });
    expect(lines[iListen]).toBe('\tlisten 8080 default_server;');
    expect(f.origin![iListen]).toEqual({ file: 'web.sh', line: 2 });
    expect(f.steps.map((s) => s.op)).toEqual(['stock', 'sed', 'sed']);
  });

  it('lines of a bash -c string map to the script lines they stand on', () => {
    const src = "sudo bash -c 'cat > /etc/x <<EOF\none\ntwo\nEOF'\n";
    const f = file(reconstructScript('s.sh', src), '/etc/x');
    expect(f.text).toBe('one\ntwo\n');
    expect(origins(f)).toEqual(['s.sh:2', 's.sh:3']);
  });
});

describe('diagnostics learners need', () => {
  it('sed-no-match: a pattern that does not occur in the stock file', () => {
    const r = reconstructScript(
      's.sh',
      "echo start\nsed -i 's/listen 80;/listen 8080;/' /etc/haproxy/haproxy.cfg\nsed -i '/^frontend/a bind *:80' /etc/haproxy/haproxy.cfg\n",
    );
    const d = r.diagnostics.filter((x) => x.code === 'shell/sed-no-match');
    expect(d.map((x) => x.span.line)).toEqual([2, 3]);
    expect(d[0].severity).toBe('warning');
    expect(d[0].message).toContain(
      'your sed edit changes nothing: the pattern `listen 80;` does not occur in /etc/haproxy/haproxy.cfg',
    );
    expect(d[1].message).toContain('`^frontend`');
    // the file is the unchanged stock file
    expect(file(r, '/etc/haproxy/haproxy.cfg').text).toBe(DEBIAN12_STOCK['/etc/haproxy/haproxy.cfg'].text);
  });

  it('sed-no-match is silent when the edit applies', () => {
    const r = reconstructScript(
      's.sh',
      "sed -i 's/timeout connect 5000/timeout connect 5s/' /etc/haproxy/haproxy.cfg\n",
    );
    expect(codes(r)).toEqual([]);
  });

  it('sed on a line number past the end of the file', () => {
    const r = reconstructScript('s.sh', "sed -i '500i x' /etc/haproxy/haproxy.cfg\n");
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('line 500 does not exist in /etc/haproxy/haproxy.cfg (it has 34 lines)'),
    ]);
  });

  it('$hostname in an unquoted heredoc: bash writes nothing there, and says so', () => {
    const src =
      'cat <<EOF > /etc/nginx/sites-available/default\nserver {\n  add_header X-Served-By $hostname;\n}\nEOF\n';
    const r = reconstructScript('s.sh', src);
    expect(file(r, '/etc/nginx/sites-available/default').text).toBe('server {\n  add_header X-Served-By ;\n}\n');
    expect(r.unexpanded.map((u) => [u.name, u.span.line, u.span.column])).toEqual([['hostname', 3, 26]]);
    const d = r.diagnostics.find((x) => x.code === 'shell/unexpanded-variable')!;
    expect(d.severity).toBe('warning');
    expect(d.span.line).toBe(3);
    expect(d.message).toContain('inside an unquoted here-document to an empty string');
    expect(d.hint).toContain("<<'EOF'");
    expect(d.hint).toContain('\\$hostname');
  });

  it('$hostname in a double-quoted sed script is reported too', () => {
    const r = reconstructScript(
      's.sh',
      'sudo sed -i "/server_name _;/a add_header X-Served-By $hostname;" /etc/nginx/sites-available/default\n',
    );
    expect(codes(r)).toEqual(['shell/unexpanded-variable@1']);
    expect(file(r, '/etc/nginx/sites-available/default').text).toContain('\nadd_header X-Served-By ;\n');
  });

  it('no unexpanded-variable warning when the delimiter is quoted or the $ escaped', () => {
    for (const src of [
      "cat <<'EOF' > /etc/x\n$hostname\nEOF\n",
      'cat <<EOF > /etc/x\n\\$hostname\nEOF\n',
      "echo '$hostname' > /etc/x\n",
    ]) {
      const r = reconstructScript('s.sh', src);
      expect(file(r, '/etc/x').text).toBe('$hostname\n');
      expect(r.unexpanded).toEqual([]);
      expect(codes(r)).toEqual([]);
    }
  });

  it('an unset variable in double quotes, and in a target path', () => {
    const r = reconstructScript(
      's.sh',
      'echo "server $BACKEND:80" > /etc/x\nCONF=/etc/haproxy/$NAME.cfg\necho y > "$CONF"\n',
    );
    expect(file(r, '/etc/x').text).toBe('server :80\n');
    expect(r.unexpanded.map((u) => u.name)).toEqual(['BACKEND', 'NAME']);
    expect(codes(r)).toEqual(['shell/unexpanded-variable@1', 'shell/cannot-reconstruct@2']);
    expect(r.diagnostics[0].message).toContain('inside double quotes');
    expect(r.diagnostics[1].message).toContain('/etc/haproxy/.cfg');
    // the text is what bash writes (exact); the second file's name depends on the environment (inexact)
    expect(r.files.map((f) => [f.target, f.exact])).toEqual([
      ['/etc/x', true],
      ['/etc/haproxy/.cfg', false],
    ]);
  });

  it('set -u stops the script at an unset variable, as bash does', () => {
    const r = reconstructScript('s.sh', 'set -eu\necho a > /etc/a\necho "$MISSING" > /etc/b\necho c > /etc/c\n');
    expect(r.files.map((f) => f.target)).toEqual(['/etc/a']);
    expect(codes(r)).toEqual(['shell/unbound-variable@3']);
  });

  it('command substitution in the text: kept as written, file marked inexact', () => {
    const r = reconstructScript('s.sh', 'IP=$(hostname -I)\necho "add_header X-Served-By $IP;" > /etc/x\n');
    const f = file(r, '/etc/x');
    expect(f.exact).toBe(false);
    const d = r.diagnostics.find((x) => x.code === 'shell/cannot-reconstruct')!;
    expect(d.span.line).toBe(2);
    expect(d.message).toContain('$IP');
    expect(d.message).toContain('$(hostname -I)');
  });

  it('command substitution in a target path: kept under the name as written, inexact, precise diagnostic', () => {
    const r = reconstructScript(
      's.sh',
      'echo x > "/etc/$(curl -s ifconfig.me).conf"\nsed -i "s/x/y/" "/etc/$(curl -s ifconfig.me).conf"\n',
    );
    expect(r.files.map((f) => [f.target, f.text, f.exact])).toEqual([
      ['/etc/$(curl -s ifconfig.me).conf', 'y\n', false],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([
      ['shell/cannot-reconstruct', 1],
      ['shell/cannot-reconstruct', 2],
    ]);
    expect(r.diagnostics[0].message).toContain('$(curl -s ifconfig.me)');
  });

  it('curl | bash, eval and source cannot be reconstructed', () => {
    const r = reconstructScript('s.sh', 'curl -sL https://x/y.sh | sudo bash\neval "$CMD"\nsource ./more.sh\n');
    expect(codes(r)).toEqual([
      'shell/cannot-reconstruct@1',
      'shell/cannot-reconstruct@2',
      'shell/cannot-reconstruct@3',
    ]);
  });

  it('writes inside loops and conditionals say the reconstruction assumes they run once', () => {
    const r = reconstructScript(
      's.sh',
      'for s in web-01 web-02; do\n  echo "server $s $s:80" >> /etc/haproxy/haproxy.cfg\ndone\nif true; then echo a > /etc/x; fi\n',
    );
    const d = r.diagnostics.filter((x) => x.code === 'shell/unsupported-construct');
    expect(d.map((x) => [x.severity, x.span.line])).toEqual([
      ['info', 1],
      ['warning', 2],
      ['info', 4],
    ]);
    expect(d[1].message).toContain('assumes it runs once');
    expect(file(r, '/etc/haproxy/haproxy.cfg').text.endsWith('server web-01 web-01:80\n')).toBe(true);
  });

  it('sed -i on a file that is neither written nor stock', () => {
    const r = reconstructScript('s.sh', "sed -i 's/a/b/' /etc/mysql/my.cnf\n");
    expect(r.files).toEqual([]);
    expect(codes(r)).toEqual(['shell/cannot-reconstruct@1']);
  });

  it('sed commands that are not modelled (N, T, w...): the stock file is listed unchanged and inexact', () => {
    for (const script of ['$!N;s/\\n/ /', 's/a/b/;T;s/$/x/', 's/a/b/w /dev/stdout']) {
      const r = reconstructScript('s.sh', `sed -i '${script}' /etc/nginx/sites-available/default\n`);
      expect(codes(r)).toEqual(['shell/cannot-reconstruct@1']);
      const f = file(r, '/etc/nginx/sites-available/default');
      expect(f.exact).toBe(false);
      expect(f.text).toBe(DEBIAN12_STOCK['/etc/nginx/sites-available/default'].text);
    }
  });

  it('a sed syntax error is reported as sed would', () => {
    const r = reconstructScript('s.sh', "sed -i 's/a/b' /etc/haproxy/haproxy.cfg\n");
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['shell/sed-error', 'error']]);
  });

  it('ln -s into sites-enabled is recorded as a link; rm of the default link as a removal', () => {
    const r = reconstructScript(
      's.sh',
      'cp /etc/nginx/sites-available/default /etc/nginx/sites-available/site\nln -s /etc/nginx/sites-available/site /etc/nginx/sites-enabled/\nrm -f /etc/nginx/sites-enabled/default\n',
    );
    expect(r.links.map((l) => [l.path, l.target, l.resolved, l.span.line])).toEqual([
      ['/etc/nginx/sites-enabled/site', '/etc/nginx/sites-available/site', '/etc/nginx/sites-available/site', 2],
    ]);
    expect(r.removed.map((x) => [x.path, x.span.line])).toEqual([['/etc/nginx/sites-enabled/default', 3]]);
    const f = file(r, '/etc/nginx/sites-available/site');
    expect(f.text).toBe(DEBIAN12_STOCK['/etc/nginx/sites-available/default'].text);
    expect(f.steps.map((s) => s.op)).toEqual(['stock', 'cp']);
    expect(f.origin![0]!.file).toBe('stock:nginx-common:/etc/nginx/sites-available/default');
  });

  it('ln -s onto an existing link fails without -f', () => {
    const r = reconstructScript('s.sh', 'ln -s /etc/nginx/sites-available/x /etc/nginx/sites-enabled/default\n');
    expect(codes(r)).toEqual(['shell/ln-exists@1']);
    expect(r.links).toEqual([]);
  });

  it('relative targets without a known directory are kept and reported', () => {
    const r = reconstructScript('s.sh', 'echo x > haproxy.cfg\n');
    expect(file(r, 'haproxy.cfg').text).toBe('x\n');
    expect(codes(r)).toEqual(['shell/relative-target@1']);
    const r2 = reconstructScript('s.sh', 'echo x > haproxy.cfg\n', { cwd: '/etc/haproxy' });
    expect(file(r2, '/etc/haproxy/haproxy.cfg').text).toBe('x\n');
  });

  it('exit ends the script', () => {
    const r = reconstructScript('s.sh', 'echo a > /etc/a\nexit 0\necho b > /etc/b\n');
    expect(r.files.map((f) => f.target)).toEqual(['/etc/a']);
    expect(codes(r)).toEqual(['shell/unreachable@2']);
    const r2 = reconstructScript('s.sh', 'false || exit 1\necho b > /etc/b\n');
    expect(r2.files.map((f) => f.target)).toEqual(['/etc/b']);
  });

  it('options: env supplies variables, stock replaces the defaults', () => {
    const r = reconstructScript('s.sh', 'echo "$HOME/x" > /etc/x\nsed -i "s/a/b/" /etc/custom\n', {
      env: { HOME: '/root' },
      stock: { '/etc/custom': { text: 'a\n', origin: 'stock:custom:/etc/custom' } },
    });
    expect(file(r, '/etc/x').text).toBe('/root/x\n');
    expect(file(r, '/etc/custom').text).toBe('b\n');
    expect(codes(r)).toEqual([]);
    // $HOME without env: unknown, kept as written
    const r2 = reconstructScript('s.sh', 'echo "$HOME/x" > /etc/x\n');
    expect(file(r2, '/etc/x').exact).toBe(false);
  });

  it('CRLF scripts: reported, and reconstructed as bash runs them (\\r ends up in names and lines)', () => {
    const r = reconstructScript('s.sh', 'echo ok > /etc/a\r\ncat <<EOF > /etc/x\r\nbody\r\nEOF\r\n');
    expect(codes(r)).toEqual(['shell/crlf@1', 'shell/heredoc-unterminated@2']);
    expect(r.files.map((f) => [f.target, f.text])).toEqual([
      ['/etc/a\r', 'ok\n'],
      ['/etc/x\r', 'body\r\nEOF\r\n'],
    ]);
  });

  it('syntax errors are diagnostics with lines', () => {
    const r = reconstructScript('s.sh', 'echo "unterminated > /etc/x\n');
    expect(r.diagnostics.some((d) => d.code === 'shell/unterminated-quote' && d.span.line === 1)).toBe(true);
  });
});

describe("this host's name: the symbol HOST_NAME_SYMBOL, exact", () => {
  const hostFile = (script: string, target = '/etc/x'): ReconstructedFile =>
    file(reconstructScript('s.sh', script), target);
  it('is exported as @HOSTNAME@', () => {
    expect(HOST_NAME_SYMBOL).toBe('@HOSTNAME@');
  });
  for (const [name, script, text] of [
    [
      '$(hostname) via a variable',
      'HOST=$(hostname)\necho "add_header X-Served-By $HOST;" > /etc/x\n',
      'add_header X-Served-By @HOSTNAME@;\n',
    ],
    ['backquotes', 'echo "X `hostname`" > /etc/x\n', 'X @HOSTNAME@\n'],
    ['$(hostname -s) and --short', 'echo "$(hostname -s) $(hostname --short)" > /etc/x\n', '@HOSTNAME@ @HOSTNAME@\n'],
    [
      "bash's own $HOSTNAME, unexported",
      'echo "add_header X-Served-By $HOSTNAME;" > /etc/x\n',
      'add_header X-Served-By @HOSTNAME@;\n',
    ],
    [
      '${HOSTNAME} in an unquoted heredoc',
      'cat > /etc/x <<EOF\nserver_name ${HOSTNAME};\nEOF\n',
      'server_name @HOSTNAME@;\n',
    ],
    ['HOSTNAME=$(hostname) then $HOSTNAME', 'HOSTNAME=$(hostname)\necho "h $HOSTNAME" > /etc/x\n', 'h @HOSTNAME@\n'],
    ['uname -n', 'echo "$(uname -n)" > /etc/x\n', '@HOSTNAME@\n'],
    [
      'sed with the name from a variable',
      'echo "add_header X-Served-By NAME;" > /etc/x\nH=$(hostname)\nsed -i "s/NAME/$H/" /etc/x\n',
      'add_header X-Served-By @HOSTNAME@;\n',
    ],
    [
      'hostname NAME renames the host: hostname prints NAME, hostname -s its first label',
      'hostname web-09.example.com\necho "$(hostname) $(hostname -s)" > /etc/x\n',
      'web-09.example.com web-09\n',
    ],
    [
      'hostnamectl set-hostname NAME, then $HOSTNAME keeps the name bash started with',
      'sudo hostnamectl set-hostname web-07\necho "$(hostname) $HOSTNAME" > /etc/x\n',
      'web-07 @HOSTNAME@\n',
    ],
  ] as const) {
    it(name, () => {
      const r = reconstructScript('s.sh', script);
      const f = file(r, '/etc/x');
      expect(f.text).toBe(text);
      expect(f.exact).toBe(true);
      expect(codes(r).filter((c) => c.startsWith('shell/cannot-reconstruct'))).toEqual([]);
    });
  }
  it('an info diagnostic says where the name comes from, at the expansion', () => {
    const r = reconstructScript('s.sh', 'H=$(hostname)\necho "by $H" > /etc/x\n');
    const d = r.diagnostics.find((x) => x.code === 'shell/host-name')!;
    expect(d.severity).toBe('info');
    expect(d.message).toContain('$(hostname)');
    expect(d.message).toContain('@HOSTNAME@');
    expect([d.span.line, d.span.column]).toEqual([1, 3]);
  });
  for (const [name, script] of [
    ['hostname -I', 'echo "$(hostname -I)" > /etc/x\n'],
    ['hostname -i', 'IP=$(hostname -i)\necho "$IP" > /etc/x\n'],
    ['hostname -f', 'echo "$(hostname -f)" > /etc/x\n'],
    ['$1', 'echo "$1" > /etc/x\n'],
    ['$(curl ...)', 'echo "$(curl -s http://169.254.169.254/latest/meta-data/local-hostname)" > /etc/x\n'],
    ['$HOSTNAME in a #!/bin/sh script (dash sets no HOSTNAME)', '#!/bin/sh\necho "$HOSTNAME" > /etc/x\n'],
  ] as const) {
    it(`${name} stays unknown (not exact)`, () => {
      const r = reconstructScript('s.sh', script);
      expect(hostFile(script).exact).toBe(false);
      expect(file(r, '/etc/x').text).not.toContain(HOST_NAME_SYMBOL);
      expect(codes(r).some((c) => c.startsWith('shell/cannot-reconstruct'))).toBe(true);
    });
  }
});

describe('commands handed to a shell: sudo su, su -c, sudo -i/-s (not run by the oracle: su needs root)', () => {
  it('sudo su <<EOF: the outer shell expands the body first; the root shell gets none of the variables', () => {
    const r = reconstructScript(
      's.sh',
      'X=outer\nsudo su <<EOF\necho "a $X \\$X $HOSTNAME \\$HOSTNAME" > /etc/a\nEOF\n',
    );
    expect(file(r, '/etc/a').text).toBe('a outer  @HOSTNAME@ @HOSTNAME@\n');
    const d = r.diagnostics.find((x) => x.code === 'shell/unexpanded-variable')!;
    expect(d.span.line).toBe(3);
    expect(d.message).toContain('X is set in the script, but `sudo` starts `su` with a reset environment');
  });
  it("sudo su - <<'EOF': nothing expanded outside; a login shell starts in /root", () => {
    const r = reconstructScript(
      's.sh',
      'X=outer\nsudo su - <<\'EOF\'\necho "b [$X]" > /etc/b\necho home > h.txt\nEOF\n',
    );
    expect(file(r, '/etc/b').text).toBe('b []\n');
    expect(file(r, '/root/h.txt').text).toBe('home\n');
    expect(codes(r).filter((c) => c.startsWith('shell/relative-target'))).toEqual([]);
  });
  it('sudo su with options and a user, su - root <<EOF, sudo -i <<EOF, sudo -s <<EOF', () => {
    const r = reconstructScript(
      's.sh',
      'sudo su root <<EOF\necho g > /etc/g\nEOF\nsu - root <<EOF\necho f > /etc/f\nEOF\nsudo -i <<EOF\necho "i \\$HOSTNAME" > /etc/i\nEOF\nsudo -s <<EOF\necho s > /etc/s\nEOF\nsudo -H -u root su -l <<"EOF"\necho l > /etc/l\nEOF\n',
    );
    expect(r.files.map((f) => [f.target, f.text])).toEqual([
      ['/etc/g', 'g\n'],
      ['/etc/f', 'f\n'],
      ['/etc/i', 'i @HOSTNAME@\n'],
      ['/etc/s', 's\n'],
      ['/etc/l', 'l\n'],
    ]);
  });
  it('su root -c, sudo su -c CMD root, su -c with the string expanded by the outer shell', () => {
    const r = reconstructScript(
      's.sh',
      'P=8080\nsu root -c "echo listen $P > /etc/d"\nsudo su -c "echo e > /etc/e" root\nsu -c \'echo "[$P]" > /etc/p\'\n',
    );
    expect(r.files.map((f) => [f.target, f.text])).toEqual([
      ['/etc/d', 'listen 8080\n'],
      ['/etc/e', 'e\n'],
      ['/etc/p', '[]\n'],
    ]);
  });
  it('a config in a double-quoted sudo bash -c string: $HOSTNAME expanded by the outer shell, \\$hostname reaches nginx', () => {
    const r = reconstructScript(
      's.sh',
      'sudo bash -c "cat > /etc/nginx/sites-available/default <<EOF\nserver {\n    add_header X-Served-By $HOSTNAME;\n    add_header X-Host \\\\\\$hostname;\n}\nEOF"\n',
    );
    const f = file(r, '/etc/nginx/sites-available/default');
    expect(f.text).toBe('server {\n    add_header X-Served-By @HOSTNAME@;\n    add_header X-Host $hostname;\n}\n');
    expect(f.exact).toBe(true);
  });
  it("su - OTHER_USER: a login shell in that user's home, which is not known", () => {
    const r = reconstructScript('s.sh', 'su - ubuntu <<EOF\necho x > rel.txt\nEOF\n');
    expect(r.files.map((f) => f.target)).toEqual(['rel.txt']);
    expect(codes(r)).toContain('shell/relative-target@2');
  });
  it('sudo -s CMD escapes the command for the shell: a quoted `>>` is printed, not a redirection', () => {
    const r = reconstructScript('s.sh', "sudo -s echo second '>>' /etc/e\n");
    expect(r.files).toEqual([]);
  });
  it('su with no commands on stdin writes nothing', () => {
    expect(reconstructScript('s.sh', 'sudo su\nsu -\n').files).toEqual([]);
  });
});

describe('hostile scripts: bounded work, never a throw', () => {
  it('1,000,000 `true` lines: no stack overflow, no internal error', { timeout: 120_000 }, () => {
    const r = reconstructScript('s.sh', 'true\n'.repeat(1_000_000) + 'echo done > /etc/x\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(file(r, '/etc/x').text).toBe('done\n');
  });
  it('200,000 `true;` on one line, 100,000 `&&` and `|`', { timeout: 120_000 }, () => {
    for (const t of [
      'true;'.repeat(200_000),
      'true && '.repeat(100_000) + 'true',
      'true | '.repeat(100_000) + 'true',
    ]) {
      const r = reconstructScript('s.sh', t + '\necho ok > /etc/x\n');
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(file(r, '/etc/x').text).toBe('ok\n');
    }
  });
  it(
    'deep arithmetic and parameter nesting: not evaluated past a bound, reported as unknown, quickly',
    { timeout: 60_000 },
    () => {
      const n = 100_000;
      for (const t of [
        'echo $((' + '('.repeat(n) + '1' + ')'.repeat(n) + ')) > /etc/x',
        'echo ' + '${a:-'.repeat(n) + 'x' + '}'.repeat(n) + ' > /etc/x',
        'echo $((' + '-'.repeat(n) + '1)) > /etc/x',
      ]) {
        const t0 = Date.now();
        const r = reconstructScript('s.sh', t + '\n');
        expect(Date.now() - t0).toBeLessThan(20_000);
        expect(r.diagnostics.filter((d) => d.code === 'shell/internal')).toEqual([]);
        expect(file(r, '/etc/x').exact).toBe(false);
      }
      // within the bound both are evaluated
      const ok = reconstructScript(
        's.sh',
        'echo $((' +
          '('.repeat(50) +
          '2*3' +
          ')'.repeat(50) +
          ')) ' +
          '${a:-'.repeat(20) +
          'x' +
          '}'.repeat(20) +
          ' > /etc/x\n',
      );
      expect(file(ok, '/etc/x').text).toBe('6 x\n');
    },
  );
  it('deep nesting and a huge brace word are reported, not thrown', () => {
    for (const t of [
      '{ '.repeat(100_000) + 'true;' + ' }'.repeat(100_000),
      '('.repeat(100_000) + 'true' + ')'.repeat(100_000),
      'echo ' + '$('.repeat(100_000) + 'true' + ')'.repeat(100_000),
      'echo ' + '{a,b}'.repeat(200_000) + ' > /etc/x',
    ]) {
      const r = reconstructScript('s.sh', t + '\n');
      expect(r.diagnostics.filter((d) => d.code === 'shell/internal')).toEqual([]);
    }
  });
});
