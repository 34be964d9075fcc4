import check from '../../../labs/core/checks/keepalived/script-security';
import { run } from '../checkTester';
import { A, B, LAB, NO_INSTANCE, conf, pair, useFixtureLab } from './fixture';

const killall = `vrrp_script chk_haproxy {\n    script "killall -0 haproxy"\n}\n`;
const track = `    track_script {\n        chk_haproxy\n    }\n`;
const secured = '    enable_script_security\n    script_user root\n';

useFixtureLab();
run(check, {
  valid: [
    {
      name: 'false positive: vrrp_track_process runs no script (the correct pair)',
      base: 'empty',
      lab: LAB,
      files: pair(),
    },
    {
      name: 'a vrrp_script with enable_script_security and script_user',
      base: 'empty',
      lab: LAB,
      files: pair({ defs: killall, track, extraGlobal: secured }, { defs: killall, track, extraGlobal: secured }),
    },
    {
      name: 'false positive: a vrrp_script that no instance tracks is never run',
      base: 'empty',
      lab: LAB,
      files: pair({ defs: killall + 'vrrp_track_process track_haproxy {\n    process haproxy\n}\n' }),
    },
    {
      name: "false positive: the script's own user",
      base: 'empty',
      lab: LAB,
      files: pair({
        defs: `vrrp_script chk_haproxy {\n    script "killall -0 haproxy"\n    user root\n}\n`,
        track,
        extraGlobal: '    enable_script_security\n',
      }),
    },
    {
      name: 'false positive: a provisioning script creates the keepalived_script user and writes the config',
      base: 'empty',
      lab: LAB,
      files: {
        'edge-a/setup.sh':
          '#!/bin/bash\nset -e\napt-get install -y keepalived\nuseradd -r -s /usr/sbin/nologin keepalived_script\n' +
          "cat > /etc/keepalived/keepalived.conf <<'EOF'\n" +
          conf({ defs: killall, track, extraGlobal: '    enable_script_security\n' }) +
          'EOF\nsystemctl restart keepalived\n',
        [B]: conf({ state: 'BACKUP', priority: 100 }),
      },
    },
  ],
  invalid: [
    {
      name: 'killall -0 haproxy without enable_script_security (SECURITY VIOLATION, status 6)',
      base: 'empty',
      lab: LAB,
      files: pair({ defs: killall, track }),
      errors: [
        { messageId: 'not-enabled', data: { host: 'edge-a', name: 'chk_haproxy' }, file: A, line: 5, column: 5 },
      ],
    },
    {
      name: 'enable_script_security without script_user: keepalived removes the script',
      base: 'empty',
      lab: LAB,
      files: pair({}, { defs: killall, track, extraGlobal: '    enable_script_security\n' }),
      errors: [{ messageId: 'no-user', data: { host: 'edge-b', name: 'chk_haproxy' }, file: B, line: 5, column: 1 }],
    },
    {
      name: 'the same, written by a provisioning script: reported at the script line',
      base: 'empty',
      lab: LAB,
      files: {
        'edge-a/setup.sh':
          "#!/bin/bash\ntee /etc/keepalived/keepalived.conf <<'EOF'\n" + conf({ defs: killall, track }) + 'EOF\n',
        [B]: conf({ state: 'BACKUP', priority: 100 }),
      },
      errors: [
        {
          messageId: 'not-enabled',
          data: { host: 'edge-a', name: 'chk_haproxy' },
          file: 'edge-a/setup.sh',
          line: 7,
          column: 1,
        },
      ],
    },
    {
      name: 'no keepalived.conf on edge-a',
      base: 'empty',
      lab: LAB,
      files: { [B]: conf({ state: 'BACKUP', priority: 100 }) },
      errors: [{ messageId: 'not-found', data: { host: 'edge-a' } }],
    },
    {
      name: 'a keepalived.conf without a vrrp_instance',
      base: 'empty',
      lab: LAB,
      files: { [A]: NO_INSTANCE, [B]: conf({ state: 'BACKUP', priority: 100 }) },
      errors: [{ messageId: 'no-instance', data: { host: 'edge-a' }, file: A, line: 1, column: 1 }],
    },
  ],
});
